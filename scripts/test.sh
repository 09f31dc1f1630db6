#!/usr/bin/env bash
# Install everything the tests need into .venv and run the whole suite.
# Usage: bash scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
# A hung event loop must fail fast instead of eating CI's time budget.
exec timeout --kill-after=30 "${AIUSAGE_TEST_TIMEOUT:-1080}" .venv/bin/python -m pytest "$@"
