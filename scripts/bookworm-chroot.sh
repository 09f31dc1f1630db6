#!/usr/bin/env bash
# Reproduce the "fresh machine" check: a bare Debian 12 chroot (minbase plus python3 and
# git, plus this machine's local CA certificates), a fresh clone of this checkout inside it, and a command run there as a new user
# would run it. Needs root and debootstrap (apt-get install debootstrap); downloads the
# base system from a Debian mirror, and the command downloads whatever it installs.
#
# Usage (as root):
#   bash scripts/bookworm-chroot.sh create DIR [MIRROR]   # debootstrap + clone into DIR/src
#   bash scripts/bookworm-chroot.sh run DIR COMMAND...    # run COMMAND in DIR/src, mounts set up
#   bash scripts/bookworm-chroot.sh umount DIR
# Example:
#   bash scripts/bookworm-chroot.sh create /tmp/bookworm
#   bash scripts/bookworm-chroot.sh run /tmp/bookworm bash scripts/test.sh
#   bash scripts/bookworm-chroot.sh run /tmp/bookworm timeout 120 bash scripts/run.sh --demo
set -euo pipefail
[ "$(id -u)" -eq 0 ] || { echo "bookworm-chroot: needs root (chroot and mounts)" >&2; exit 1; }
cmd=${1:?create, run or umount}; dir=${2:?chroot directory}; shift 2
src=$(cd "$(dirname "$0")/.." && pwd)

mount_all() {
  cp /etc/hosts /etc/resolv.conf "$dir/etc/"
  mountpoint -q "$dir/proc" || mount -t proc proc "$dir/proc"
  mountpoint -q "$dir/sys" || mount -t sysfs sys "$dir/sys"
  if ! mountpoint -q "$dir/dev"; then
    # /dev with /dev/pts and /dev/shm; rslave so nothing mounted here reaches the host's /dev
    mount --rbind /dev "$dir/dev"
    mount --make-rslave "$dir/dev"
  fi
}

umount_all() {
  for m in dev sys proc; do
    mountpoint -q "$dir/$m" && umount -R -l "$dir/$m"
  done
  return 0
}

case $cmd in
  create)
    mirror=${1:-http://deb.debian.org/debian}
    [ -e "$dir/etc/debian_version" ] || debootstrap --variant=minbase --include=python3,git,ca-certificates bookworm "$dir" "$mirror"
    # This machine's own CA certificates (e.g. a TLS-inspecting proxy's root), so pip and
    # apt inside reach the network exactly as they do outside.
    if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
      cp /usr/local/share/ca-certificates/*.crt "$dir/usr/local/share/ca-certificates/"
      chroot "$dir" update-ca-certificates >/dev/null
    fi
    rm -rf "$dir/src"
    git clone -q "$src" "$dir/src"
    echo "bookworm-chroot: $dir ready; fresh clone of $src (HEAD $(git -C "$dir/src" rev-parse --short HEAD)) in $dir/src"
    ;;
  run)
    mount_all
    trap umount_all EXIT
    # A clean login-like environment: nothing from this machine's shell leaks in.
    env -i HOME=/root TERM="${TERM:-dumb}" LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      chroot "$dir" /bin/bash -c 'cd /src && exec "$@"' bash "$@"
    ;;
  umount) umount_all ;;
  *) echo "bookworm-chroot: unknown command $cmd" >&2; exit 2 ;;
esac
