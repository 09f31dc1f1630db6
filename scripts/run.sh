#!/usr/bin/env bash
# Install the app into .venv and start it. Usage: bash scripts/run.sh [--demo [SCENARIO]]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "$(uname)" = Linux ] && command -v xvfb-run >/dev/null 2>&1 \
   && [ "${1:-}" != "check" ] && [ "${1:-}" != "sim" ]; then
  echo "run: no display found; starting the app on a virtual screen (xvfb-run)" >&2
  exec xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/aiusage-doctor "$@"
fi
exec .venv/bin/aiusage-doctor "$@"
