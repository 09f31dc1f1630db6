#!/usr/bin/env bash
# Register an installed AI Usage Doctor with the Linux desktop: menu entry, icons, AppStream.
# Usage: bash packaging/install-desktop.sh [PREFIX]   (default ~/.local; use /usr/local as root)
# The `aiusage-doctor-gui` command must be on PATH (pip install, or the bundle's folder).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
prefix="${1:-$HOME/.local}"
id="io.github.aiusagedoctor.AIUsageDoctor"
share="$prefix/share"
install -Dm644 "$here/$id.desktop" "$share/applications/$id.desktop"
install -Dm644 "$here/$id.metainfo.xml" "$share/metainfo/$id.metainfo.xml"
icons="$root/resources/icons/hicolor"
[ -d "$icons" ] || icons="$root/_internal/resources/icons/hicolor"   # inside the bundle
(cd "$icons" && find . -type f -name "$id.*" | while read -r f; do install -Dm644 "$f" "$share/icons/hicolor/$f"; done)
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$share/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
echo "installed $id under $share"
