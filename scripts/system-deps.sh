#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Qt needs (offscreen and a real X11 window),
# Xvfb for screenshots, and appstream for validating the desktop metadata.
# Does nothing when they are all present; needs root or sudo otherwise.
set -euo pipefail
packages=(
  # Qt's GUI library links against these on every platform, offscreen included
  libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0 fonts-dejavu-core
  # a real window on X11 (xcb platform plugin)
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xkb1
  xvfb xauth
  # appstreamcli validates the AppStream metainfo in the tests
  appstream
)
command -v dpkg-query >/dev/null 2>&1 || { echo "system-deps: not a Debian-based system; install Qt's runtime libraries yourself" >&2; exit 0; }
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "system-deps: missing ${missing[*]}; run as root to install them" >&2; exit 0; fi
fi
echo "system-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
