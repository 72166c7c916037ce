#!/usr/bin/env bash
# Manager failover: 3 managers + 2 workers on a 5-host testbed (testbed/testbed.sh); ROUNDS times per way of
# writing, kill -9 the Raft leader's daemon and time until the first write through a surviving manager succeeds,
# then restart the killed daemon and wait until it is Reachable again. Prints every round and the medians.
#
# Two ways of writing, in alternate rounds (never both at once: on 2 cores a JVM starting in a loop would slow the
# election it measures):
#   api  one process (python3) in a tight loop: GET /services/web-api, POST /services/ID/update?version=V with the
#        replica count changed, over the surviving manager's unix socket; the process kills the leader itself, so
#        the figure is kill -9 -> the daemon answered 200 to an update (election + the write's commit + apply).
#   cli  `swarm service scale --detach web-cli=N` retried in a tight loop through a surviving manager: the same plus
#        ~0.4 s of JVM start per attempt (the attempt that succeeds started some time after the leader came back).
# And from the daemons' logs, no client involved: kill -9 -> "raft node X is the ready leader" on the new leader
# (log timestamps, ms; same clock as the kill).
#
# Root; needs cli/target/swarm.jar, python3, curl, jq. No timing assertions: it prints figures.
# Usage: bench/failover.sh            (ROUNDS=10 per way; KEEP_LOGS=DIR copies the daemon logs there)
set -euo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
swarm="$top/bin/swarm"
tb="$top/testbed/testbed.sh"
ROUNDS=${ROUNDS:-10}
[ "$(id -u)" -eq 0 ] || { echo "run as root" >&2; exit 1; }
[ -f "$top/cli/target/swarm.jar" ] || { echo "cli/target/swarm.jar missing: build it first" >&2; exit 1; }

BENCH=failover
# shellcheck source=bench/lib/five-host-swarm.sh
. "$top/bench/lib/five-host-swarm.sh"
for s in web-api web-cli; do
  cli 1 service create --detach --name "$s" --replicas 3 --stop-grace-period 1s busybox:test sleep 3600 >/dev/null
done

# The writer of the api rounds: kills PID, then updates SERVICE through SOCK until one update answers 200.
cat > "$tmp/write.py" <<'EOF'
import http.client, json, os, signal, socket, sys, time
sock, service, pid, replicas, t0file = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
class Conn(http.client.HTTPConnection):
    def __init__(self): super().__init__("swarm", timeout=30)
    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); self.sock.settimeout(30); self.sock.connect(sock)
def call(method, path, body=None):
    c = Conn()
    try:
        c.request(method, path, body=None if body is None else json.dumps(body),
                  headers={"Content-Type": "application/json"})
        r = c.getresponse(); data = r.read()
        return r.status, data
    finally:
        c.close()
t0 = time.time()
with open(t0file, "w") as f: f.write("%.6f\n" % t0)
os.kill(pid, signal.SIGKILL)
attempts, last, trail = 0, "", []
while True:
    attempts += 1
    try:
        st, data = call("GET", "/services/" + service)
        if st != 200: trail.append("GET:%d@%.2f" % (st, time.time() - t0))
        if st == 200:
            svc = json.loads(data)
            spec = svc["Spec"]; spec["Mode"]["Replicated"]["Replicas"] = replicas
            st, data = call("POST", "/services/%s/update?version=%d" % (svc["ID"], svc["Version"]["Index"]), spec)
            if st == 200:
                print("%.3f %d %s" % (time.time() - t0, attempts, ",".join(trail[-3:]) or "-")); break
            trail.append("POST:%d@%.2f" % (st, time.time() - t0))
        last = "%d %s" % (st, data[:120])
    except OSError as e:
        last = repr(e); trail.append("%s@%.2f" % (type(e).__name__, time.time() - t0)); time.sleep(0.005)
    if time.time() - t0 > 60:
        print("timeout %d %s" % (attempts, last)); sys.exit(1)
EOF

leader_index() { # the host index of the current Raft leader, asked of manager $1
  api "$1" /nodes | jq -r '.[] | select(.ManagerStatus.Leader == true) | .Description.Hostname' | sed -n "s/^$P-h//p"
}
# "raft node ... is the ready leader" logged after epoch T0 by any daemon, as seconds after T0.
leader_ready_after() {
  local t0=$1 line ts
  for i in 1 2 3; do grep -h "is the ready leader" "$W/h$i/daemon.log" 2>/dev/null || true; done | awk '{print $1}' |
    while read -r ts; do
      echo "$(date -d "${ts/+0000/Z}" +%s.%N) - $t0" | bc -l
    done | awk '$1 > 0' | sort -g | head -1
}
reachable() { # manager $2 is Reachable (or Leader) and Ready, as manager $1 sees it
  api "$1" /nodes | jq -e --arg h "$P-h$2" '.[] | select(.Description.Hostname == $h)
    | select(.Status.State == "ready" and (.ManagerStatus.Leader == true or .ManagerStatus.Reachability == "reachable"))' 
}

printf '%-6s %-5s %-8s %-8s %12s %10s %14s  %s\n' round way killed through write_ok_s attempts leader_ready_s \
  'failed api calls (status@s, last 3)' 
: > "$tmp/api"; : > "$tmp/cli"; : > "$tmp/ready"
n=0
for r in $(seq 1 $((2 * ROUNDS))); do
  way=api; [ $((r % 2)) = 0 ] && way=cli
  L=$(leader_index 1) # every manager runs at the start of a round

  [ -n "$L" ] || { echo "failover: no leader found" >&2; exit 1; }
  S=1; [ "$L" = 1 ] && S=2
  pid=$(cat "$W/h$L/daemon.pid")
  n=$((n + 1)); replicas=$((3 + n % 2))
  sleep 1 # let the previous round's scaling settle
  if [ "$way" = api ]; then
    out=$(python3 "$tmp/write.py" "$(sock "$S")" web-api "$pid" "$replicas" "$tmp/t0")
    t0=$(cat "$tmp/t0")
    read -r secs attempts trail <<<"$out"
  else
    t0=$(date +%s.%N)
    kill -9 "$pid"
    attempts=0
    until attempts=$((attempts + 1)); cli "$S" service scale --detach "web-cli=$replicas" >/dev/null 2>&1; do
      if [ "$(echo "$(date +%s.%N) - $t0 > 60" | bc)" = 1 ]; then echo "failover: no write after 60 s" >&2; exit 1; fi
    done
    secs=$(printf '%.3f' "$(echo "$(date +%s.%N) - $t0" | bc -l)"); trail="-"
  fi
  while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  ready=$(leader_ready_after "$t0"); ready=$(printf '%.3f' "${ready:-0}")
  echo "$secs" >> "$tmp/$way"; echo "$ready" >> "$tmp/ready"
  printf '%-6s %-5s %-8s %-8s %12s %10s %14s  %s\n' "$r" "$way" "h$L" "h$S" "$secs" "$attempts" "$ready" "$trail"
  "$tb" start-daemon --prefix "$P" "$L" >/dev/null
  wait_for 90 "h$L Reachable again" reachable "$S" "$L"
done
echo
echo "median over $ROUNDS rounds each (seconds from kill -9 of the leader's daemon):"
printf '  first write OK, one-process HTTP loop (api):           %s s\n' "$(median < "$tmp/api")"
printf '  first write OK, CLI loop (JVM start per attempt):      %s s\n' "$(median < "$tmp/cli")"
printf '  new leader ready (daemon log, all %d rounds):          %s s\n' "$((2 * ROUNDS))" "$(median < "$tmp/ready")"
echo "target: manager failover < 2 s (shared/DESIGN.md section 9); Docker Swarm: not measured (shared/anchors/RESULTS.md has no failover figure)"
