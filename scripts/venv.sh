# Sourced by run.sh and test.sh: make ./.venv and install the package into it.
#   ensure_venv SPEC    SPEC: "." for the app, ".[test]" for the app and the test tools
# Skips pip when .venv already holds SPEC installed from the current pyproject.toml, so
# starting the app again is quick. Prints a line per step and lets pip print its own
# per-package lines instead of staying silent while it downloads.
ensure_venv() {
  local spec=$1 stamp=.venv/.aiusage-installed hash
  hash=$(python3 -c 'import hashlib; print(hashlib.sha256(open("pyproject.toml", "rb").read()).hexdigest())')
  if [ -x .venv/bin/python ] && [ -f "$stamp" ] && grep -qxF "$spec $hash" "$stamp"; then
    echo "setup: .venv already has aiusage-doctor${spec#.} installed" >&2
    return 0
  fi
  if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv with $(python3 --version)" >&2
    python3 -m venv .venv
  fi
  echo "setup: installing aiusage-doctor${spec#.} and the Python packages it needs into .venv (a minute or two the first time)" >&2
  .venv/bin/python -m pip install --disable-pip-version-check --progress-bar off -e "$spec"
  { echo ". $hash"; [ "$spec" = . ] || echo "$spec $hash"; } > "$stamp"
  echo "setup: .venv is ready" >&2
}
