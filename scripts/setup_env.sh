#!/usr/bin/env bash
# Sourced by run.sh and test.sh: make .venv match a lock file exactly, then install the project itself.
#   setup_env requirements/run.txt     # what the app and the CLI import
#   setup_env requirements/test.txt    # the same versions, plus the test tools
# uv installs from the lock (hashes checked) in seconds once its cache is warm; it is bootstrapped with
# pip at the pinned version below when the machine does not have it.
UV_VERSION="0.13.9"
PY="${PYTHON:-python3}"
export UV_PYTHON_DOWNLOADS=never   # use the machine's Python, never download one

uv_cmd() {
  if "$PY" -m uv --version >/dev/null 2>&1; then
    "$PY" -m uv "$@"
  elif [ -x .cache/uv-bootstrap/bin/uv ]; then
    .cache/uv-bootstrap/bin/uv "$@"
  else
    # Install uv beside the system Python, or (where that Python refuses installs) in a small venv of its own.
    "$PY" -m pip install -q "uv==$UV_VERSION" 2>/dev/null \
      || { "$PY" -m venv .cache/uv-bootstrap && .cache/uv-bootstrap/bin/pip install -q "uv==$UV_VERSION"; }
    if "$PY" -m uv --version >/dev/null 2>&1; then "$PY" -m uv "$@"; else .cache/uv-bootstrap/bin/uv "$@"; fi
  fi
}

setup_env() {
  local lock="$1" venv="${2:-.venv}"
  [ -x "$venv/bin/python" ] || uv_cmd venv -q --python "$PY" "$venv"
  uv_cmd pip sync -q --python "$venv/bin/python" "$lock"
  uv_cmd pip install -q --python "$venv/bin/python" --no-deps -e .
}

# The newest versions pyproject.toml's bounds allow (not the lock): finds an upstream change before users do.
setup_latest_env() {
  local venv="$1"
  [ -x "$venv/bin/python" ] || uv_cmd venv -q --python "$PY" "$venv"
  uv_cmd pip install -q --python "$venv/bin/python" --upgrade --resolution highest -e ".[test]"
}
