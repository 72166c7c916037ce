#!/usr/bin/env bash
# Quickstart: a single-node swarm running a 3-replica service of a busybox image built from the
# host's busybox-static. Run as root after ./install.sh. Leaves the swarm running; prints how to stop.
set -euo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
swarm="$top/bin/swarm"
data=${SWARM_DATA:-/var/lib/swarm}
sock=${SWARM_SOCKET:-/run/swarm/swarm.sock}
export SWARM_HOST="unix://$sock"

if ! "$swarm" version >/dev/null 2>&1 || ! "$swarm" info >/dev/null 2>&1; then
  echo "+ swarm daemon --data-dir $data --socket $sock   (in the background, log: /tmp/swarm-daemon.log)"
  setsid "$swarm" daemon --data-dir "$data" --socket "$sock" >/tmp/swarm-daemon.log 2>&1 < /dev/null &
  for _ in $(seq 100); do [ -S "$sock" ] && "$swarm" info >/dev/null 2>&1 && break; sleep 0.2; done
fi
run() { echo "+ swarm $*"; "$swarm" "$@"; }
if "$swarm" info 2>/dev/null | grep -q 'Swarm: inactive'; then run init; fi
"$top/examples/busybox-rootfs.sh" /tmp/busybox-rootfs.tar
run image import /tmp/busybox-rootfs.tar busybox:latest
"$swarm" service rm web >/dev/null 2>&1 || true
run service create --name web --replicas 3 --limit-memory 64M busybox:latest \
  sh -c 'while true; do echo "hello from $(hostname)"; sleep 2; done'
run service ls
run service ps web
sleep 3
run service logs --tail 2 web
cat <<MSG

The swarm keeps running. Try:  $swarm service scale web=5   |   $swarm service ps web
Stop it:  $swarm service rm web; kill \$(pgrep -f 'swarm.jar daemon')
MSG
