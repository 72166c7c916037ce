# Shared by the many-host benchmarks: a 5-host testbed (testbed/testbed.sh) formed into a swarm of 3 managers + 2
# workers over mutual TLS, as the daemons run it, with a busybox image on every host; always torn down on exit.
# Source it after setting: top (the project root), swarm (bin/swarm), tb (testbed/testbed.sh) and BENCH (a short
# name, also the testbed prefix's first two letters). Gives: P, W, tmp, and the helpers sock, cli, api, ip_of,
# median, wait_for, ready_nodes.
P=${BENCH:0:2}$(tr -dc 'a-z0-9' </dev/urandom | head -c 5 || true)
W="${SWARM_TESTBED_ROOT:-/tmp}/swarm-testbed-$P"
tmp=$(mktemp -d /tmp/swarm-$BENCH.XXXXXX)
cleanup() {
  local rc=$?
  if [ -n "${KEEP_LOGS:-}" ] && [ -d "$W" ]; then
    mkdir -p "$KEEP_LOGS" && for i in 1 2 3 4 5; do cp "$W/h$i/daemon.log" "$KEEP_LOGS/h$i.log" 2>/dev/null || true; done
  fi
  "$tb" down --prefix "$P" >/dev/null 2>&1 || "$tb" down --prefix "$P" || true
  rm -rf "$tmp"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

sock() { echo "$W/h$1/swarm.sock"; }
cli() { local i=$1; shift; "$swarm" -H "unix://$(sock "$i")" "$@"; }
api() { local i=$1 path=$2; curl -sf --max-time 15 --unix-socket "$(sock "$i")" "http://swarm$path"; }
ip_of() { cat "$W/h$1/ip"; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "n/a"; else if (NR % 2) printf "%.3f", a[(NR+1)/2]; else printf "%.3f", (a[NR/2]+a[NR/2+1])/2}'; }
wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND until it succeeds
  local limit=$1 what=$2 deadline; shift 2
  deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || { echo "$BENCH: timed out waiting for $what" >&2; return 1; }
    sleep 0.2
  done
}

echo "testbed $P: 5 hosts, forming a swarm of 3 managers + 2 workers (mutual TLS, as the daemons run it)..."
"$tb" up 5 --prefix "$P" >/dev/null
cli 1 init --advertise-addr "$(ip_of 1)" >/dev/null
wtok=$(cli 1 join-token -q worker)
mtok=$(cli 1 join-token -q manager)
for i in 2 3 4 5; do
  tok=$wtok; [ "$i" -le 3 ] && tok=$mtok
  cli "$i" join --token "$tok" --advertise-addr "$(ip_of "$i")" "$(ip_of 1):2377" >/dev/null
done
"$top/examples/busybox-rootfs.sh" "$tmp/busybox.tar"
for i in 1 2 3 4 5; do cli "$i" image import "$tmp/busybox.tar" busybox:test >/dev/null; done
ready_nodes() { api 1 /nodes | jq '[.[] | select(.Status.State == "ready")] | length'; }
five_ready() { [ "$(ready_nodes)" = 5 ]; }
wait_for 90 "5 ready nodes" five_ready
