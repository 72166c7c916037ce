#!/usr/bin/env bash
# Rolling update of 20 replicas, 5 at a time: `swarm service update --detach --image bench:2
# --update-parallelism 5 --update-delay 0s bench` on a 20-replica busybox service, timed from the update's start
# to its UpdateStatus reading `completed`, polled every 0.2 s as shared/anchors/docker-swarm.sh polls Docker Swarm
# in the same run (bench/lib/docker-swarm.sh; ANCHOR=0 skips it and compares with shared/anchors/RESULTS.md's 54 s).
# Same settings as that anchor: default monitor (5 s) and stop grace
# period (10 s), and `sleep` as PID 1, which ignores SIGTERM, so every old task takes the whole grace period to stop;
# bench:1 and bench:2 are one image under two tags, so only the tag changes, as in the anchor. Prints the time,
# the ratio to Docker Swarm's, and checks that all 20 tasks then run bench:2.
# Run as root after ./install.sh. Uses its own data dir and socket; cleans up after itself. Gives up after
# TIMEOUT seconds (default 300) without a completed update, e.g. on a build without the rolling updater.
set -euo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
swarm="$top/bin/swarm"
N=${N:-20}
PARALLELISM=${PARALLELISM:-5}
TIMEOUT=${TIMEOUT:-300}
w=$(mktemp -d /tmp/swarm-bench.XXXXXX)
sock="$w/swarm.sock"; export SWARM_HOST="unix://$sock"
cleanup() {
  "$swarm" service rm bench >/dev/null 2>&1 || true
  for _ in $(seq 150); do [ -z "$(runc --root "$w/data/run/runc" list -q 2>/dev/null)" ] && break; sleep 0.2; done
  [ -n "${dpid:-}" ] && kill "$dpid" 2>/dev/null && wait "$dpid" 2>/dev/null || true
  for c in $(runc --root "$w/data/run/runc" list -q 2>/dev/null); do
    runc --root "$w/data/run/runc" delete -f "$c" >/dev/null 2>&1 || true
  done
  grep -o " $w/[^ ]*" /proc/mounts | sort -r | while read -r m; do umount -l "$m" || true; done
  rm -rf "$w"
}
trap cleanup EXIT
now() { date +%s.%N; }
# The service's UpdateStatus.State straight from the daemon's socket (no JVM start in the poll), or "none".
update_state() {
  curl -s --unix-socket "$sock" http://swarm/services/bench | python3 -c '
import json, sys
print((json.load(sys.stdin).get("UpdateStatus") or {}).get("State", "none"))'
}

"$top/examples/busybox-rootfs.sh" "$w/bb.tar"
setsid "$swarm" daemon --data-dir "$w/data" --socket "$sock" >"$w/daemon.log" 2>&1 < /dev/null &
dpid=$!
for _ in $(seq 150); do "$swarm" info >/dev/null 2>&1 && break; sleep 0.2; done
"$swarm" init >/dev/null
"$swarm" image import "$w/bb.tar" bench:1 >/dev/null
"$swarm" image import "$w/bb.tar" bench:2 >/dev/null
# Waits (no --detach) until all N run.
"$swarm" service create --name bench --replicas "$N" bench:1 sleep 3600 >/dev/null

t0=$(now)
"$swarm" service update --detach --image bench:2 --update-parallelism "$PARALLELISM" --update-delay 0s bench >/dev/null
state=none
until [ "$state" = completed ]; do
  case "$state" in
    paused|rollback_*) echo "rolling update ended $state: $("$swarm" service inspect --pretty bench | grep Message)" >&2
                       exit 1 ;;
  esac
  if [ "$(echo "$(now) - $t0 > $TIMEOUT" | bc)" = 1 ]; then
    echo "no completed update after ${TIMEOUT} s (UpdateStatus: $state): does this build have the rolling updater?" >&2
    exit 1
  fi
  sleep 0.2
  state=$(update_state)
done
took=$(echo "$(now) - $t0" | bc)
on_new=$("$swarm" service ps bench --filter desired-state=running --format json \
  | grep '"CurrentState":"Running' | grep -c '"Image":"bench:2' || true)

printf 'rolling update of %d replicas, parallelism %d, delay 0, monitor 5s -> completed: %6.2f s  (%d running bench:2)\n' \
  "$N" "$PARALLELISM" "$took" "$on_new"
if [ "${ANCHOR:-1}" = 0 ]; then
  printf 'against Docker Swarm (54 s on this kind of machine, shared/anchors/RESULTS.md): %.2fx\n' "$(echo "$took / 54" | bc -l)"
  exit 0
fi

# Docker Swarm, same run, same settings, same image and command.
cleanup  # our daemon and containers go first, so the two never run side by side
trap 'anchor_stop' EXIT
. "$top/bench/lib/docker-swarm.sh"
anchor_start
D service create --detach --name bench --replicas "$N" local/bb:1 sleep 3600 >/dev/null
until [ "$(anchor_running bench)" -ge "$N" ]; do sleep 0.2; done
t0=$(now)
D service update --detach --image local/bb:2 --update-parallelism "$PARALLELISM" --update-delay 0s bench >/dev/null
while [ "$(D service inspect bench --format '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}')" != completed ]; do
  sleep 0.2
done
docker_took=$(echo "$(now) - $t0" | bc)
printf 'Docker Swarm (dockerd %s), same run, same settings -> completed: %6.2f s\n' \
  "$(D version --format '{{.Server.Version}}')" "$docker_took"
printf 'swarm / Docker Swarm: %.2fx\n' "$(echo "$took / $docker_took" | bc -l)"
