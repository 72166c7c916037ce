#!/usr/bin/env bash
# Back-to-back manager joins (root; needs cli/target/swarm.jar), as a script forms a swarm:
# 4 testbed hosts, init on h1, join h2 and h3 as managers one right after the other, h4 as a worker; a round
# passes when every join succeeded and node ls shows exactly 3 managers. ROUNDS rounds (default 5); KEEP=1 keeps
# the first failed testbed (its daemon logs) instead of tearing it down. Prints "N of ROUNDS rounds ...".
set -uo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
ROUNDS=${ROUNDS:-5}
ok=0
for r in $(seq 1 "$ROUNDS"); do
  P=jl$r$RANDOM
  out=$(testbed/testbed.sh up 4 --prefix "$P" 2>&1) || { echo "round $r: testbed up failed"; echo "$out" | tail -3; continue; }
  W=/tmp/swarm-testbed-$P
  s() { local h=$1; shift; SWARM_HOST=unix://$W/$h/swarm.sock bin/swarm "$@"; }
  ip1=$(echo "$out" | awk '$1=="h1"{print $2}')
  s h1 init --advertise-addr "$ip1" >/dev/null
  mt=$(s h1 join-token -q manager); wt=$(s h1 join-token -q worker)
  fail=""
  for h in h2 h3; do
    ip=$(echo "$out" | awk -v h=$h '$1==h{print $2}')
    e=$(s $h join --token "$mt" --advertise-addr "$ip" "$ip1:2377" 2>&1) || fail="$fail $h: $e"
  done
  ip=$(echo "$out" | awk '$1=="h4"{print $2}')
  e=$(s h4 join --token "$wt" --advertise-addr "$ip" "$ip1:2377" 2>&1) || fail="$fail h4: $e"
  managers=$(s h1 node ls 2>/dev/null | grep -cE "Leader|Reachable")
  if [ -z "$fail" ] && [ "$managers" = 3 ]; then ok=$((ok+1)); echo "round $r: ok (3 managers)"; else echo "round $r: FAIL managers=$managers $fail"; fi
  [ -n "${KEEP:-}" ] && [ -n "$fail" ] && { echo "kept $W"; break; }; testbed/testbed.sh down --prefix "$P" >/dev/null 2>&1
done
echo "$ok of $ROUNDS rounds formed 3 managers + 1 worker with back-to-back joins"
