#!/usr/bin/env bash
# Set up everything the tests need (Debian Chromium for the browser tests, .venv from the lock
# requirements/test.txt) and run the linter, the type checker and every test. Extra arguments go to pytest.
#   DEPS=latest bash scripts/test.sh   # the same suite on the newest versions pyproject.toml allows
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || ! fc-list 2>/dev/null | grep -qi dejavu; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-dejavu-core
fi
# axe-core (the accessibility rules the browser tests inject) comes from npm, pinned by tests/axe's lock file.
if ! command -v npm >/dev/null; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm
fi
npm ci --prefix tests/axe --no-audit --no-fund --ignore-scripts --loglevel=error
source scripts/setup_env.sh
VENV=.venv
if [ "${DEPS:-locked}" = "latest" ]; then
  VENV=.venv-latest
  setup_latest_env "$VENV"
  echo "Testing against the newest allowed versions:"
  uv_cmd pip list --python "$VENV/bin/python" 2>/dev/null | grep -Ei '^(streamlit|pandas|lxml|pyarrow|plotly|pydeck) '
else
  setup_env requirements/test.txt "$VENV"
fi
"$VENV/bin/ruff" check .
"$VENV/bin/python" -m mypy dashboard
exec "$VENV/bin/python" -m pytest "$@"
