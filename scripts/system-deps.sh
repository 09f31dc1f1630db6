#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the app needs, and with --test also those only the
# test suite needs. Does nothing when they are all present; otherwise installing them
# needs root or sudo (the script says so and stops when it has neither).
# Usage: bash scripts/system-deps.sh [--test]
# Set AIUSAGE_SKIP_SYSTEM_DEPS=1 to skip this step (you installed the packages yourself).
set -euo pipefail
say() { echo "system-deps: $*" >&2; }
[ "${AIUSAGE_SKIP_SYSTEM_DEPS:-}" = 1 ] && { say "skipped (AIUSAGE_SKIP_SYSTEM_DEPS=1)"; exit 0; }

packages=(
  # Qt's GUI library links against these on every platform, offscreen included
  libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0 fonts-dejavu-core
  # a real window on X11 (xcb platform plugin)
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xkb1
)
if [ "${1:-}" = "--test" ]; then
  packages+=(
    # a virtual screen for the wizard's screenshots and for run.sh on a machine without a display
    xvfb xauth
    # appstreamcli validates the AppStream metainfo; PyInstaller (the bundle test) needs objdump
    # and Python's shared library, which Debian ships apart from python3
    appstream binutils "libpython$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  )
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  say "not a Debian-based system; install Qt's runtime libraries and Python's venv module yourself"
  exit 0
fi

# `python3 -m venv` needs ensurepip, which Debian ships separately as pythonX.Y-venv.
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  packages+=("python$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')-venv")
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
    say "installing system packages needs root: using sudo (it may ask for your password)"
  else
    say "these system packages are missing: ${missing[*]}"
    say "installing them needs root, and this is not root and has no sudo. As root, run:"
    say "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
    say "then run this command again (or set AIUSAGE_SKIP_SYSTEM_DEPS=1 to try without them)."
    exit 1
  fi
fi
say "installing ${#missing[@]} package(s): ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
say "apt-get update"
"${sudo[@]}" apt-get update -q
say "apt-get install"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
say "done"
