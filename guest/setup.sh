#!/bin/bash
# Builds the virtio-tutor guest image from Debian packages only (run by `virtio-tutor guest setup`).
#   guest/setup.sh [DIR]     DIR defaults to ${XDG_CACHE_HOME:-~/.cache}/virtio-tutor/guest
# Installs qemu-system-x86 and busybox-static if missing, downloads (never installs) the kernel package behind
# linux-image-cloud-amd64, unpacks its vmlinuz and virtio modules, and packs an initramfs whose /init (init.sh
# beside this script) loads them. Idempotent: a finished step is skipped. Progress on stdout as "guest: ...";
# every failure is one line "guest setup: error: ..." on stderr and a non-zero exit.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
DIR=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/virtio-tutor/guest}
MODULES="drivers/virtio/virtio_ring drivers/virtio/virtio drivers/virtio/virtio_pci_modern_dev
  drivers/virtio/virtio_pci_legacy_dev drivers/virtio/virtio_pci drivers/char/hw_random/virtio-rng
  drivers/block/virtio_blk net/core/failover drivers/net/net_failover drivers/net/virtio_net"
NEED_MB=200

say() { echo "guest: $*"; }
die() { echo "guest setup: error: $*" >&2; exit 1; }
free_mb() { df -Pm "$1" 2>/dev/null | awk 'NR==2 {print $4}'; }
# A failed step: say "disk full" when that is why, else the step's own message.
step_failed() {
  local avail; avail=$(free_mb "$DIR")
  if [ -n "$avail" ] && [ "$avail" -lt 32 ]; then die "disk full: only ${avail} MB free in $DIR ($1)"; fi
  die "$1"
}

# --- privileges for apt ---
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo -n "$@"
  else die "installing $MISSING needs root: run as root, or install sudo, or install the packages yourself"
  fi
}
apt_updated=0
apt_update() { [ $apt_updated = 1 ] && return; as_root apt-get update -qq >/dev/null 2>&1 || die "apt-get update failed (no package mirror reachable?)"; apt_updated=1; }

# --- 1. host packages ---
MISSING=""
for p in qemu-system-x86 busybox-static; do dpkg -s "$p" >/dev/null 2>&1 || MISSING="$MISSING $p"; done
MISSING=${MISSING# }
if [ -n "$MISSING" ]; then
  say "installing $MISSING"
  apt_update
  for p in $MISSING; do
    [ -n "$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ && $2 != "(none)"')" ] || die "the package mirror has no $p"
  done
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends $MISSING >/dev/null 2>&1 \
    || step_failed "apt-get install $MISSING failed"
fi
command -v qemu-system-x86_64 >/dev/null 2>&1 || die "QEMU missing: qemu-system-x86_64 is not on PATH (package qemu-system-x86)"
[ -x /bin/busybox ] || die "busybox missing: /bin/busybox not found (package busybox-static)"

# --- 2. the image directory ---
mkdir -p "$DIR" 2>/dev/null || die "cannot create $DIR"
DIR=$(cd "$DIR" && pwd)
say "image directory $DIR"

# --- 3. kernel and modules (downloaded, unpacked, never installed) ---
if [ -s "$DIR/vmlinuz" ] && [ -s "$DIR/kernel.txt" ] && [ -s "$DIR/modules/virtio_net.ko" ]; then
  say "kernel $(cat "$DIR/kernel.txt") already unpacked"
else
  avail=$(free_mb "$DIR")
  [ -n "$avail" ] && [ "$avail" -lt $NEED_MB ] && die "disk full: ${avail} MB free in $DIR, the kernel needs about ${NEED_MB} MB"
  policy=$(apt-cache policy linux-image-cloud-amd64 2>/dev/null | awk '/Candidate:/ {print $2}')
  if [ -z "$policy" ] || [ "$policy" = "(none)" ]; then MISSING=linux-image-cloud-amd64; apt_update; fi
  KPKG=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null | awk '/Depends: linux-image-/ {print $2; exit}')
  [ -n "$KPKG" ] || die "the package mirror has no linux-image-cloud-amd64 (or it names no kernel package)"
  say "downloading $KPKG (apt-get download, not installed)"
  work="$DIR/.kernel.tmp"
  rm -rf "$work"; mkdir -p "$work/deb" || step_failed "cannot create $work"
  (cd "$work/deb" && apt-get download -qq "$KPKG" >/dev/null 2>&1) || step_failed "apt-get download $KPKG failed (the mirror lacks it?)"
  say "unpacking $KPKG"
  dpkg-deb -x "$work"/deb/*.deb "$work/root" 2>/dev/null || step_failed "dpkg-deb -x of $KPKG failed"
  KVER=$(basename "$(ls -d "$work"/root/lib/modules/* | head -1)")
  mkdir -p "$DIR/modules"
  for m in $MODULES; do
    cp "$work/root/lib/modules/$KVER/kernel/$m.ko" "$DIR/modules/" 2>/dev/null || step_failed "$KPKG has no module $m.ko"
  done
  cp "$work"/root/boot/vmlinuz-* "$DIR/vmlinuz" || step_failed "$KPKG has no /boot/vmlinuz-*"
  echo "$KPKG $KVER" > "$DIR/kernel.txt" || step_failed "cannot write $DIR/kernel.txt"
  rm -rf "$work"
  say "kernel $KPKG $KVER unpacked"
fi

# --- 4. initramfs (rebuilt when init.sh or busybox changes) ---
stamp="$(sha256sum "$HERE/init.sh" /bin/busybox "$DIR/kernel.txt" | awk '{print $1}' | tr -d '\n')"
if [ -s "$DIR/initrd.cpio.gz" ] && [ "$(cat "$DIR/initrd.stamp" 2>/dev/null)" = "$stamp" ]; then
  say "initramfs up to date"
else
  say "packing the initramfs (busybox, virtio modules, /init)"
  tree="$DIR/.initrd.tmp"
  rm -rf "$tree"
  mkdir -p "$tree/bin" "$tree/proc" "$tree/sys" "$tree/dev" "$tree/tmp" "$tree/lib/modules" || step_failed "cannot create $tree"
  cp /bin/busybox "$tree/bin/busybox" && cp "$DIR"/modules/*.ko "$tree/lib/modules/" && cp "$HERE/init.sh" "$tree/init" \
    && chmod 755 "$tree/init" || step_failed "cannot fill $tree"
  (cd "$tree" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -1 > "$DIR/initrd.cpio.gz.tmp") \
    || step_failed "packing the initramfs failed"
  mv "$DIR/initrd.cpio.gz.tmp" "$DIR/initrd.cpio.gz" && echo "$stamp" > "$DIR/initrd.stamp" || step_failed "cannot write $DIR/initrd.cpio.gz"
  rm -rf "$tree"
fi

# --- 5. a 1 MiB disk for virtio-blk (inspect --boot) ---
if [ ! -s "$DIR/disk.raw" ]; then
  { printf 'VIRTIO-TUTOR sector 0: hello from the host disk image\n'; head -c 1048576 /dev/zero; } | head -c 1048576 > "$DIR/disk.raw" \
    || step_failed "cannot write $DIR/disk.raw"
fi
say "ready: $DIR (vmlinuz $(cat "$DIR/kernel.txt"), initrd.cpio.gz $(stat -c %s "$DIR/initrd.cpio.gz") bytes, disk.raw)"
