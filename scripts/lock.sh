#!/usr/bin/env bash
# Refresh the lock files from pyproject.toml's bounds (newest allowed versions), then run
# `bash scripts/test.sh` and commit requirements/ when it is green.
#   bash scripts/lock.sh              # upgrade everything
#   bash scripts/lock.sh -P lxml      # upgrade one package, keep the rest
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup_env.sh
upgrade=("$@")
[ ${#upgrade[@]} -gt 0 ] || upgrade=(--upgrade)
common=(--quiet --universal --python-version 3.11 --generate-hashes)
uv_cmd pip compile "${common[@]}" "${upgrade[@]}" pyproject.toml -o requirements/run.txt
# The test lock is constrained by the run lock, so the app runs on the versions its tests ran on.
uv_cmd pip compile "${common[@]}" "${upgrade[@]}" pyproject.toml --extra test -c requirements/run.txt \
  -o requirements/test.txt
echo "requirements/run.txt and requirements/test.txt refreshed; run bash scripts/test.sh before committing."
