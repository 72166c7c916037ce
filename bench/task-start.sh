#!/usr/bin/env bash
# Task start overhead: `swarm service create --replicas 20` until all 20 run, against 20 sequential
# raw `runc run` of the same busybox rootfs on this machine. Prints both and their ratio, and the
# ratio against Docker Swarm's anchor figure (shared/anchors/RESULTS.md: 6.0 s for the same create).
# Then, on the same daemon: its resident memory with those 20 tasks running (target <= 150 MB;
# dockerd 117 MB + containerd 49 MB), and `swarm service scale S=30` of a 3-replica service until
# all 30 run (Docker Swarm: 6.9 s).
# Run as root after ./install.sh. Uses its own data dir and socket; cleans up after itself.
set -euo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
swarm="$top/bin/swarm"
N=${N:-20}
w=$(mktemp -d /tmp/swarm-bench.XXXXXX)
sock="$w/swarm.sock"; export SWARM_HOST="unix://$sock"
cleanup() {
  "$swarm" service rm bench scaled >/dev/null 2>&1 || true
  for _ in $(seq 100); do [ -z "$(runc --root "$w/data/run/runc" list -q 2>/dev/null)" ] && break; sleep 0.2; done
  [ -n "${dpid:-}" ] && kill "$dpid" 2>/dev/null && wait "$dpid" 2>/dev/null || true
  for r in "$w/runc" "$w/data/run/runc"; do
    for c in $(runc --root "$r" list -q 2>/dev/null); do runc --root "$r" delete -f "$c" >/dev/null 2>&1 || true; done
  done
  grep -o " $w/[^ ]*" /proc/mounts | sort -r | while read -r m; do umount -l "$m" || true; done
  rm -rf "$w"
}
trap cleanup EXIT
now() { date +%s.%N; }

# 1. raw runc: N sequential runs of /bin/true in the busybox rootfs
"$top/examples/busybox-rootfs.sh" "$w/bb.tar"
mkdir -p "$w/bundle/rootfs" && tar -C "$w/bundle/rootfs" -xf "$w/bb.tar"
(cd "$w/bundle" && runc spec && sed -i 's/"terminal": true/"terminal": false/; s/"sh"/"\/bin\/true"/' config.json)
t0=$(now)
for i in $(seq "$N"); do runc --root "$w/runc" run --bundle "$w/bundle" "raw-$$-$i" >/dev/null; done
raw=$(echo "$(now) - $t0" | bc)

# 2. swarm: service create --replicas N (waits until all N run)
setsid "$swarm" daemon --data-dir "$w/data" --socket "$sock" >"$w/daemon.log" 2>&1 < /dev/null &
dpid=$!
for _ in $(seq 150); do "$swarm" info >/dev/null 2>&1 && break; sleep 0.2; done
"$swarm" init >/dev/null
"$swarm" image import "$w/bb.tar" bench:1 >/dev/null
# Warm up the daemon (class loading, JIT) as Docker's anchor run was warm too: one small service, removed.
"$swarm" service create --name warmup --replicas 3 --stop-grace-period 1s bench:1 sleep 3600 >/dev/null
"$swarm" service rm warmup >/dev/null
for _ in $(seq 100); do [ -z "$(runc --root "$w/data/run/runc" list -q 2>/dev/null)" ] && break; sleep 0.2; done
t0=$(now)
"$swarm" service create --name bench --replicas "$N" --stop-grace-period 1s bench:1 sleep 3600 >/dev/null
ours=$(echo "$(now) - $t0" | bc)
running=$("$swarm" service ps bench --format json | grep -c '"CurrentState":"Running' || true)
# Inside the daemon: from the service's creation to its last task RUNNING (status timestamps), no CLI involved.
inside=$(curl -s --unix-socket "$sock" http://swarm/services/bench 2>/dev/null | python3 -c '
import json, sys, subprocess, datetime
def t(s): return datetime.datetime.fromisoformat(s[:26].rstrip("Z"))
svc = json.load(sys.stdin)
tasks = json.loads(subprocess.run(["curl", "-s", "--unix-socket", sys.argv[1], "http://swarm/tasks"], capture_output=True).stdout)
last = max(t(x["Status"]["Timestamp"]) for x in tasks if x["ServiceID"] == svc["ID"])
print("%.2f" % (last - t(svc["CreatedAt"])).total_seconds())' "$sock" 2>/dev/null || echo "n/a")

# Resident memory of the daemon (its JVM: bin/swarm execs java) with the N tasks running.
rss_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$dpid/status")

# Scale 3 -> 30 on the same daemon (waits until all 30 run), after the N tasks are removed.
"$swarm" service rm bench >/dev/null
for _ in $(seq 100); do [ -z "$(runc --root "$w/data/run/runc" list -q 2>/dev/null)" ] && break; sleep 0.2; done
"$swarm" service create --name scaled --replicas 3 --stop-grace-period 1s bench:1 sleep 3600 >/dev/null
t0=$(now)
"$swarm" service scale scaled=30 >/dev/null
scale=$(echo "$(now) - $t0" | bc)
scaled=$("$swarm" service ps scaled --format json | grep -c '"CurrentState":"Running' || true)
"$swarm" service rm scaled >/dev/null

printf 'raw runc run x%d (sequential):            %6.2f s  (%.1f ms per container)\n' "$N" "$raw" "$(echo "$raw * 1000 / $N" | bc -l)"
printf 'swarm service create --replicas %d -> running: %6.2f s  (%d running; includes CLI start)\n' "$N" "$ours" "$running"
printf 'inside the daemon (service created -> last task RUNNING): %s s\n' "$inside"
printf 'task start overhead ratio (swarm / raw runc): %.2fx   (target <= 2x)\n' "$(echo "$ours / $raw" | bc -l)"
printf 'against Docker Swarm (6.0 s on this machine):  %.2fx   (target <= 0.25x)\n' "$(echo "$ours / 6.0" | bc -l)"
printf 'daemon RSS with %d tasks running:              %6.1f MB (target <= 150 MB; dockerd + containerd: 166 MB)\n' \
  "$N" "$(echo "$rss_kb / 1024" | bc -l)"
printf 'swarm service scale 3 -> 30 -> running:        %6.2f s  (%d running; includes CLI start)\n' "$scale" "$scaled"
printf 'against Docker Swarm (6.9 s on this machine):  %.2fx   (target <= 0.25x)\n' "$(echo "$scale / 6.9" | bc -l)"
