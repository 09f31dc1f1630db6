#!/usr/bin/env bash
# Walk the real app window with the keyboard only (xdotool), in the 'healthy' demo, through
# every provider page to the results, saving a screenshot of each step.
#
#   xvfb-run -a -s "-screen 0 1280x800x24" scripts/keyboard_walk.sh [OUT_DIR]
#
# Needs xdotool and ImageMagick's `import`. The app runs with a throw-away HOME, so no
# settings or keyring of the person running it are read or written.
set -euo pipefail

OUT=${1:-/tmp/aiusage-keyboard-walk}
PYTHON=${PYTHON:-python3}
mkdir -p "$OUT"
HOME_DIR=$(mktemp -d)
trap 'kill "$APP" 2>/dev/null || true; rm -rf "$HOME_DIR"' EXIT

HOME=$HOME_DIR XDG_CONFIG_HOME=$HOME_DIR/.config PYTHON_KEYRING_BACKEND=keyring.backends.null.Keyring \
    "$PYTHON" -m aiusage_doctor --demo healthy >"$OUT/app.log" 2>&1 &
APP=$!

WINDOW=""
for _ in $(seq 1 100); do
    WINDOW=$(xdotool search --onlyvisible --name "AI Usage Doctor" 2>/dev/null | head -n 1 || true)
    [ -n "$WINDOW" ] && break
    sleep 0.2
done
[ -n "$WINDOW" ] || { echo "the window did not appear" >&2; cat "$OUT/app.log" >&2; exit 1; }
xdotool windowactivate --sync "$WINDOW" 2>/dev/null || xdotool windowfocus --sync "$WINDOW"
sleep 3  # the demo starts its simulator and fills the pages in

step=0
shot() {  # shot NAME: a PNG of the whole screen, numbered in walk order
    step=$((step + 1))
    sleep 0.8
    import -window root "$OUT/$(printf '%02d' "$step")-$1.png"
    echo "$OUT/$(printf '%02d' "$step")-$1.png"
}
key() { xdotool key --window "$WINDOW" --clearmodifiers "$@"; sleep 0.4; }  # one key, then let Qt draw

shot welcome
key Return; shot github
key Return; shot cursor
key Return; shot claude
key Return; shot codex
key alt+v; shot codex-advanced-closed      # Alt+V: the Advanced section folds
key alt+v; key alt+u; shot codex-url-focused  # open again, Alt+U: the cursor is in the base URL
key alt+o; shot codex-workspace-focused        # Alt+O: the cursor is in the workspace ID
key Return; shot windsurf
key alt+h; shot run-after-skipping-windsurf  # Alt+H: "Skip this provider" (Windsurf)
sleep 8; shot run-done
key Return; shot results
kill "$APP"
