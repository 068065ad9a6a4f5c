#!/usr/bin/env bash
# Set up .venv from the lock (requirements/run.txt) and run the dashboard on the bundled store
# (data/store), offline. Extra arguments go to `streamlit run`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup_env.sh
setup_env requirements/run.txt
exec .venv/bin/streamlit run dashboard/app.py "$@"
