#!/usr/bin/env bash
# Data-plane throughput and latency, one run, side by side, on a 3-host testbed (testbed/testbed.sh): h1 manager,
# h2 worker running the one backend (busybox httpd serving a 612-byte page, as nginx's default), h3 the client
# host (in the swarm, runs no task of the backend). The same load generator (wrk: WRK_THREADS threads,
# WRK_CONNS connections, DURATION seconds, Debian package wrk) against the same backend by each path:
#   direct    h3 -> the container's own address (routed through h2, no NAT): the anchor
#   host      h3 -> h2:8081, a host-mode published port (DNAT on h2)
#   vip       a task on h1 -> the service's VIP on an overlay (DNAT in the client task, VXLAN h1 -> h2)
#   mesh      h3 -> h1:8080, the ingress routing mesh (DNAT on h1, VXLAN h1 -> h2, reply back through h1)
# Prints requests/s and p50/p99 latency per path, the mesh's and the VIP's ratios to direct (goal: mesh >= 0.9x
# throughput, p99 within 1.2x), and the embedded DNS server's lookup latency (N_LOOKUPS lookups of the service's
# name from the client task with busybox nslookup, beside the same loop of busybox starts alone, since each lookup
# starts a process). Root; needs
# cli/target/swarm.jar, wrk, runc, nsenter. No timing assertions: it prints figures.
# Usage: bench/mesh.sh   (DURATION=10 WRK_THREADS=2 WRK_CONNS=32 N_LOOKUPS=200)
set -euo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
swarm="$top/bin/swarm"
tb="$top/testbed/testbed.sh"
DURATION=${DURATION:-10}
WRK_THREADS=${WRK_THREADS:-2}
WRK_CONNS=${WRK_CONNS:-32}
N_LOOKUPS=${N_LOOKUPS:-200}
[ "$(id -u)" -eq 0 ] || { echo "run as root" >&2; exit 1; }
[ -f "$top/cli/target/swarm.jar" ] || { echo "cli/target/swarm.jar missing: build it first" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 1; }

P=me$(tr -dc 'a-z0-9' </dev/urandom | head -c 5 || true)
W="${SWARM_TESTBED_ROOT:-/tmp}/swarm-testbed-$P"
tmp=$(mktemp -d /tmp/swarm-mesh.XXXXXX)
cleanup() {
  local rc=$?
  "$tb" down --prefix "$P" >/dev/null 2>&1 || "$tb" down --prefix "$P" || true
  rm -rf "$tmp"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cli() { local i=$1; shift; "$swarm" -H "unix://$W/h$i/swarm.sock" "$@"; }
ip_of() { cat "$W/h$1/ip"; }
wait_for() {
  local limit=$1 what=$2 deadline; shift 2
  deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || { echo "mesh: timed out waiting for $what" >&2; return 1; }
    sleep 0.2
  done
}
# pid of the running container of service $2 on host $1
pid_of() {
  local ids
  ids=$(cli 1 service ps "$2" --no-trunc --format json | jq -r --arg n "$P-h$1" \
    'select(.Node == $n and (.CurrentState | startswith("Running"))) | .ID')
  runc --root "$W/h$1/data/run/runc" list -f json | jq -r --arg ids "$ids" \
    '.[] | select(.status == "running") | select(.id as $i | $ids | split("\n") | index($i)) | .pid' | head -1
}

echo "testbed $P: 3 hosts; h1 manager, h2 and h3 workers"
"$tb" up 3 --prefix "$P" >/dev/null
cli 1 init --advertise-addr "$(ip_of 1)" >/dev/null
tok=$(cli 1 join-token -q worker)
for i in 2 3; do cli "$i" join --token "$tok" --advertise-addr "$(ip_of "$i")" "$(ip_of 1):2377" >/dev/null; done
"$top/examples/busybox-rootfs.sh" "$tmp/busybox.tar"
for i in 1 2 3; do cli "$i" image import "$tmp/busybox.tar" busybox:test >/dev/null; done
cli 1 network create --driver overlay benchnet >/dev/null
page=$(head -c 612 /dev/zero | tr '\0' 'x')
cli 1 service create --detach --name backend --network benchnet --constraint "node.hostname==$P-h2" \
  --publish published=8080,target=80 --publish mode=host,published=8081,target=80 \
  busybox:test sh -c "mkdir -p /www && echo $page > /www/index.html && exec httpd -f -p 80 -h /www" >/dev/null
cli 1 service create --detach --name client --network benchnet --constraint "node.hostname==$P-h1" \
  busybox:test sleep 100000 >/dev/null
both_run() { [ -n "$(pid_of 2 backend)" ] && [ -n "$(pid_of 1 client)" ]; }
wait_for 120 "backend and client running" both_run
bpid=$(pid_of 2 backend)
cpid=$(pid_of 1 client)
direct=$(nsenter -t "$bpid" -n ip -4 -o addr show eth0 | awk '{print $4}' | cut -d/ -f1)
netid=$(cli 1 network inspect benchnet | jq -r '(if type == "array" then .[0] else . end) | .Id')
vip=$(cli 1 service inspect backend | jq -r --arg n "$netid" '(if type == "array" then .[0] else . end)
  | .Endpoint.VirtualIPs[] | select(.NetworkID == $n) | .Addr | split("/")[0]')
# h3 reaches the container's own (gateway bridge) address through h2: the anchor path, no NAT.
ip -n "$P-h3" route replace "$direct/32" via "$(ip_of 2)"
ip netns exec "$P-h2" sysctl -qw net.ipv4.ip_forward=1

run_wrk() { # run_wrk NAME COMMAND-PREFIX... URL
  local name=$1; shift
  "$@" -t"$WRK_THREADS" -c"$WRK_CONNS" -d"${DURATION}s" --latency > "$tmp/$name.wrk" 2>&1 || true
  local rps p50 p99
  rps=$(awk '/^Requests\/sec/ {print $2}' "$tmp/$name.wrk")
  p50=$(awk '$1 == "50%" {print $2}' "$tmp/$name.wrk")
  p99=$(awk '$1 == "99%" {print $2}' "$tmp/$name.wrk")
  echo "$name ${rps:-0} ${p50:-n/a} ${p99:-n/a}" >> "$tmp/results"
  printf '%-8s %12s %10s %10s\n' "$name" "${rps:-0}" "${p50:-n/a}" "${p99:-n/a}"
}
# a wrk URL must answer first: wait until each path serves the page
for url in "ip netns exec $P-h3 busybox wget -q -O /dev/null http://$direct/" \
           "ip netns exec $P-h3 busybox wget -q -O /dev/null http://$(ip_of 2):8081/" \
           "nsenter -t $cpid -n busybox wget -q -O /dev/null http://$vip/" \
           "ip netns exec $P-h3 busybox wget -q -O /dev/null http://$(ip_of 1):8080/"; do
  wait_for 60 "$url" sh -c "timeout 3 $url"
done
echo
echo "wrk -t$WRK_THREADS -c$WRK_CONNS -d${DURATION}s, one backend (busybox httpd on h2), same run:"
printf '%-8s %12s %10s %10s\n' path 'requests/s' p50 p99
run_wrk direct ip netns exec "$P-h3" wrk "http://$direct/"
run_wrk host ip netns exec "$P-h3" wrk "http://$(ip_of 2):8081/"
run_wrk vip nsenter -t "$cpid" -n wrk "http://$vip/"
run_wrk mesh ip netns exec "$P-h3" wrk "http://$(ip_of 1):8080/"

ms() { # wrk latency (e.g. 1.23ms, 850.00us, 1.02s) in ms
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}
read -r _ d_rps _ d_p99 < <(grep '^direct ' "$tmp/results")
for p in mesh vip host; do
  read -r _ rps _ p99 < <(grep "^$p " "$tmp/results")
  printf '%-5s / direct: throughput %.2fx, p99 %.2fx\n' "$p" \
    "$(echo "$rps / $d_rps" | bc -l)" "$(echo "$(ms "$p99") / $(ms "$d_p99")" | bc -l)"
done
echo "goal: mesh >= 0.90x direct throughput, mesh p99 <= 1.20x direct"

# DNS: N lookups of the service's name from the client task, against the same count of busybox starts alone.
t0=$(date +%s.%N)
for _ in $(seq "$N_LOOKUPS"); do nsenter -t "$cpid" -n busybox true; done
base=$(echo "$(date +%s.%N) - $t0" | bc)
t0=$(date +%s.%N)
for _ in $(seq "$N_LOOKUPS"); do nsenter -t "$cpid" -n busybox nslookup backend 127.0.0.11 >/dev/null; done
dns=$(echo "$(date +%s.%N) - $t0" | bc)
printf 'DNS: %d lookups of the service name from a task: %.3f ms each (process start alone: %.3f ms)\n' \
  "$N_LOOKUPS" "$(echo "$dns * 1000 / $N_LOOKUPS" | bc -l)" "$(echo "$base * 1000 / $N_LOOKUPS" | bc -l)"
