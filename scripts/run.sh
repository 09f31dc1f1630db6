#!/usr/bin/env bash
# Install the app into .venv (first time only) and start it.
# Usage: bash scripts/run.sh [--demo [SCENARIO]]   (any aiusage-doctor arguments work)
# Afterwards the app starts directly with .venv/bin/aiusage-doctor.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
source scripts/venv.sh
ensure_venv .
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "$(uname)" = Linux ] \
   && [ "${1:-}" != "check" ] && [ "${1:-}" != "sim" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  if command -v xvfb-run >/dev/null 2>&1; then
    echo "run: no display found; starting the app on a virtual screen (xvfb-run)" >&2
    exec xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/aiusage-doctor "$@"
  fi
  echo "run: no display found (DISPLAY is not set), so the window cannot be shown;" \
       "starting the app off-screen. Run this from a desktop session to see it." >&2
  export QT_QPA_PLATFORM=offscreen
fi
exec .venv/bin/aiusage-doctor "$@"
