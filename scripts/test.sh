#!/usr/bin/env bash
# Install everything the tests need into .venv and run the whole suite.
# Usage: bash scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh --test
source scripts/venv.sh
ensure_venv '.[test]'
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
# Test files are spread over worker processes (pytest-xdist; each file stays on one worker,
# so its module-scoped fixtures run once). Each test has its own time limit (pytest-timeout,
# in pyproject.toml) so a hung test names itself; this outer limit is the last resort.
workers="${AIUSAGE_TEST_WORKERS:-$(( $(nproc 2>/dev/null || echo 2) + 1 ))}"
echo "test: running the suite on $workers worker processes" >&2
exec timeout --kill-after=30 "${AIUSAGE_TEST_TIMEOUT:-1080}" \
  .venv/bin/python -m pytest -n "$workers" --dist loadfile "$@"
