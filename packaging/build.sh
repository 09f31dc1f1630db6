#!/usr/bin/env bash
# Build the one-folder bundle with PyInstaller, smoke-test it, and pack it as .tar.gz.
# Usage: bash packaging/build.sh            (from a checkout; uses ./.venv, creates it if missing)
# Output: dist/aiusage-doctor-VERSION-OS-ARCH/ and dist/aiusage-doctor-VERSION-OS-ARCH.tar.gz
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
if [ ! -x "$PY" ]; then python3 -m venv .venv; PY=.venv/bin/python; fi
# A .venv that already has the app and PyInstaller (the test suite's: `.[test]` includes the
# bundle extra) is used as it is: reinstalling the app would rewrite .venv/bin/aiusage-doctor
# while other tests run it.
if ! "$PY" -c "import aiusage_doctor, PyInstaller" 2>/dev/null; then
  "$PY" -m pip install -q -e ".[bundle]"
fi
rm -rf build/pyinstaller
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/aiusage-doctor.spec
bundle=$(ls -d dist/aiusage-doctor-*-*-* | grep -v '\.tar\.gz$' | head -n1)
echo "bundle: $bundle ($(du -sb "$bundle" | awk '{printf "%.1f MB = %.1f MiB", $1/1e6, $1/1048576}') unpacked)"

# Smoke test: the CLI runs a full demo diagnosis, and the wizard paints its first window.
expected="aiusage-doctor $("$PY" -c 'import importlib.metadata as m; print(m.version("aiusage-doctor"))')"
[ "$("$bundle/aiusage-doctor" --version)" = "$expected" ] || { echo "bundle reports the wrong version" >&2; exit 1; }
"$bundle/aiusage-doctor" check --demo healthy --format json > build/bundle-smoke.json
"$PY" -c "import json,sys; r=json.load(open('build/bundle-smoke.json')); assert r['environment']['simulated']; print('bundle CLI:', r['summary']['headline'])"
QT_QPA_PLATFORM=offscreen AIUSAGE_EXIT_AFTER_FIRST_PAINT=1 timeout 60 "$bundle/aiusage-doctor-gui" --demo
echo "bundle GUI: first window painted"
# On Linux aiusage-doctor-gui is a symlink to the one executable: its name must pick the wizard.
"$bundle/aiusage-doctor-gui" --help | grep -q "desktop wizard" || { echo "aiusage-doctor-gui did not start the wizard" >&2; exit 1; }
echo "bundle GUI program: opens the wizard"

tar -C dist -czf "$bundle.tar.gz" "$(basename "$bundle")"
echo "archive: $bundle.tar.gz ($(du -sh "$bundle.tar.gz" | cut -f1))"
