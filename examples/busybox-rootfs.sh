#!/usr/bin/env bash
# Builds a tiny root filesystem tar from the host's busybox-static, for `swarm image import`.
# Usage: examples/busybox-rootfs.sh OUT.tar
set -euo pipefail
out=${1:?usage: $0 OUT.tar}
bb=$(command -v busybox || true)
[ -n "$bb" ] && file -L "$bb" 2>/dev/null | grep -q 'statically linked' || bb=/bin/busybox
[ -x "$bb" ] || { echo "busybox not found: apt-get install -y busybox-static" >&2; exit 1; }
r=$(mktemp -d); trap 'rm -rf "$r"' EXIT
mkdir -p "$r"/{bin,etc,tmp,proc,sys,dev,run,root,www}
cp "$bb" "$r/bin/busybox"
for a in $("$bb" --list); do [ "$a" = busybox ] || ln -sf busybox "$r/bin/$a"; done
echo 'root:x:0:0:root:/root:/bin/sh' > "$r/etc/passwd"
echo 'root:x:0:' > "$r/etc/group"
echo hello > "$r/www/index.html"
chmod 1777 "$r/tmp"
tar --numeric-owner -C "$r" -cf "$out" .
