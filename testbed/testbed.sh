#!/usr/bin/env bash
# testbed.sh: N swarm hosts on this machine, one network namespace each, joined by a bridge (DESIGN.md §7).
#
#   testbed/testbed.sh up N [--prefix P] [--no-daemons]   make hosts P-h1..P-hN and start a node daemon in each
#   testbed/testbed.sh down [--prefix P | --all]            stop everything of testbed P and remove it (idempotent)
#   testbed/testbed.sh ls                                   list the testbeds on this machine
#   testbed/testbed.sh start-daemon --prefix P I            (re)start host I's daemon (after a kill) and wait for it
#
# Layout of testbed P (work dir W = $SWARM_TESTBED_ROOT/swarm-testbed-P, root /tmp by default):
#   netns P-underlay   bridge br0; one port hI per host (veth)
#   netns P-hI         eth0 (the other end of hI) with 10.A.B.I/24; A.B derived from P; lo up; no default route
#   W/hI/              data/ (the daemon's --data-dir), swarm.sock, daemon.log, daemon.pid, ip
# Only these namespaces and loopback carry testbed traffic: the bridge has no port to the outside.
#
# Each daemon runs in its host's network namespace (nsenter --net) and its own UTS namespace with hostname P-hI, but
# in the machine's mount namespace: `ip netns exec` would remount /sys and so hide /sys/fs/cgroup from runc. The CLI
# needs no namespace (the socket is a file): SWARM_HOST=unix://W/h1/swarm.sock bin/swarm info.
# `down` works after a crash too: it finds processes by namespace, containers by runc's state and the daemon's
# container dirs, and mounts under W; it removes nothing under W while something is still mounted there.
set -euo pipefail

root_dir="$(cd -P "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
swarm="$root_dir/bin/swarm"
tb_root="${SWARM_TESTBED_ROOT:-/tmp}"

die() { echo "testbed: $*" >&2; exit 1; }
usage() { sed -n '4,7s/^# \{0,1\}//p' "$0" >&2; exit 2; }

work_dir() { echo "$tb_root/swarm-testbed-$1"; }

# 10.A.B.0/24 from the prefix, so that testbeds made at the same time do not share addresses (they could: each has
# its own bridge, but distinct subnets keep captures and logs unambiguous).
subnet() {
  local sum
  sum=$(printf '%s' "$1" | cksum | cut -d' ' -f1)
  echo "10.$((200 + sum % 50)).$(((sum / 50) % 256))"
}

host_namespaces() { ip netns list | awk '{print $1}' | grep -E "^$1-h[0-9]+\$" || true; }

# Prefixes of every testbed present: by its underlay namespace (made first) or its work dir.
prefixes() {
  {
    ip netns list | awk '{print $1}' | sed -nE 's/^([a-z][a-z0-9]*)-underlay$/\1/p'
    for d in "$tb_root"/swarm-testbed-*; do
      if [ -d "$d" ]; then basename "$d" | sed 's/^swarm-testbed-//'; fi
    done
  } | sort -u
}

check_prefix() {
  [[ "$1" =~ ^[a-z][a-z0-9]{0,9}$ ]] || die "prefix '$1': use 1-10 lowercase letters or digits, starting with a letter"
}

random_prefix() {
  local chars=abcdefghijklmnopqrstuvwxyz0123456789 p=sw i
  for i in 1 2 3 4; do p+="${chars:RANDOM%36:1}"; done
  echo "$p"
}

# br_netfilter, once loaded (Docker loads it), starts every new namespace with bridge-nf-call-iptables=1, and then
# bridged traffic meets the NAT rules and is lost (NETWORK-NOTES.md). Without the module there is nothing to set.
no_bridge_netfilter() {
  ip netns exec "$1" sh -c 'f=/proc/sys/net/bridge/bridge-nf-call-iptables; [ ! -e $f ] || echo 0 > $f'
}

make_network() {
  local p=$1 n=$2 w net i ns u
  w=$(work_dir "$p")
  net=$(subnet "$p")
  u="$p-underlay"
  ip netns add "$u"
  ip -n "$u" link set lo up
  ip -n "$u" link add br0 type bridge
  ip -n "$u" link set br0 up
  no_bridge_netfilter "$u"
  for i in $(seq 1 "$n"); do
    ns="$p-h$i"
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    # Made inside the underlay with the peer sent straight to the host: no name ever exists in the root namespace.
    ip -n "$u" link add "h$i" type veth peer name eth0 netns "$ns"
    ip -n "$u" link set "h$i" master br0 up
    ip -n "$ns" addr add "$net.$i/24" dev eth0
    ip -n "$ns" link set eth0 up
    no_bridge_netfilter "$ns"
    mkdir -p "$w/h$i/data"
    echo "$net.$i" > "$w/h$i/ip"
  done
}

start_daemon() {
  local p=$1 i=$2 w
  w=$(work_dir "$p")
  # setsid: the daemon outlives this shell and its terminal. The inner sh writes its own pid, which stays the
  # daemon's: nsenter, unshare, sh and bin/swarm all exec the next one.
  setsid nsenter --net="/run/netns/$p-h$i" unshare --uts \
    sh -c 'hostname "$1" && echo $$ > "$2" && shift 2 && exec "$@"' sh "$p-h$i" "$w/h$i/daemon.pid" \
    "$swarm" daemon --data-dir "$w/h$i/data" --socket "$w/h$i/swarm.sock" \
    </dev/null >>"$w/h$i/daemon.log" 2>&1 &
}

wait_daemon() {
  local p=$1 i=$2 w deadline pid
  w=$(work_dir "$p")
  deadline=$((SECONDS + 60))
  while [ $SECONDS -lt $deadline ]; do
    pid=$(cat "$w/h$i/daemon.pid" 2>/dev/null || true)
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$w/h$i/daemon.log" >&2 || true
      die "the daemon of h$i exited (log: $w/h$i/daemon.log)"
    fi
    if [ -S "$w/h$i/swarm.sock" ] && "$swarm" -H "unix://$w/h$i/swarm.sock" version >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.2
  done
  die "the daemon of h$i does not answer after 60 s (log: $w/h$i/daemon.log)"
}

cmd_up() {
  local n="" p="" daemons=1 w net i
  while [ $# -gt 0 ]; do
    case "$1" in
      --prefix) [ $# -ge 2 ] || usage; p=$2; shift 2 ;;
      --no-daemons) daemons=0; shift ;;
      -*) usage ;;
      *) [ -z "$n" ] || usage; n=$1; shift ;;
    esac
  done
  [[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] && [ "$n" -le 200 ] || die "up N: N is a number of hosts, 1-200"
  [ "$(id -u)" -eq 0 ] || die "run as root (it creates network namespaces)"
  [ -n "$p" ] || p=$(random_prefix)
  check_prefix "$p"
  w=$(work_dir "$p")
  if prefixes | grep -qx "$p"; then die "testbed $p exists: testbed/testbed.sh down --prefix $p"; fi
  if [ "$daemons" = 1 ] && [ ! -f "$root_dir/cli/target/swarm.jar" ]; then
    die "$root_dir/cli/target/swarm.jar not found: build it with 'mvn -B -q -pl cli package -DskipTests'"
  fi
  mkdir -p "$w"
  # A subshell that is not part of a test (if, ||), or set -e would be off in it: the first failing step stops it.
  local rc
  set +e
  ( set -e; make_network "$p" "$n" )
  rc=$?
  set -e
  if [ "$rc" != 0 ]; then
    echo "testbed: setting up $p failed; removing what was made" >&2
    down_one "$p"
    exit 1
  fi
  if [ "$daemons" = 1 ]; then
    for i in $(seq 1 "$n"); do start_daemon "$p" "$i"; done
    for i in $(seq 1 "$n"); do wait_daemon "$p" "$i"; done
  fi
  net=$(subnet "$p")
  echo "testbed $p: $n hosts on $net.0/24, work dir $w"
  for i in $(seq 1 "$n"); do
    printf '  h%-3s %-15s SWARM_HOST=unix://%s bin/swarm info\n' "$i" "$net.$i" "$w/h$i/swarm.sock"
  done
  echo "a command on a host:  ip netns exec $p-h1 busybox ping -c1 $net.2"
  [ "$daemons" = 0 ] || echo "daemon logs:          $w/hI/daemon.log"
  echo "tear down:            $0 down --prefix $p"
}

# Processes that belong to testbed P: every process in one of its namespaces, and the daemons of its pid files if
# they still run from W (a stale pid file may name a reused pid).
testbed_pids() {
  local p=$1 w ns f pid
  w=$(work_dir "$p")
  for ns in $(host_namespaces "$p") "$p-underlay"; do
    ip netns pids "$ns" 2>/dev/null || true
  done
  for f in "$w"/h*/daemon.pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f" 2>/dev/null || true)
    [[ "$pid" =~ ^[0-9]+$ ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$w/" && echo "$pid"
  done
  true
}

stop_processes() {
  local p=$1 pids deadline
  pids=$(testbed_pids "$p" | sort -u)
  [ -n "$pids" ] || return 0
  # shellcheck disable=SC2086
  kill -TERM $pids 2>/dev/null || true
  deadline=$((SECONDS + 10))
  while [ $SECONDS -lt $deadline ] && [ -n "$(testbed_pids "$p")" ]; do sleep 0.2; done
  pids=$(testbed_pids "$p" | sort -u)
  # shellcheck disable=SC2086
  [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
  deadline=$((SECONDS + 10))
  while [ $SECONDS -lt $deadline ] && [ -n "$(testbed_pids "$p")" ]; do sleep 0.1; done
}

# Containers by id: runc's state dirs and the daemon's container dirs (one may outlive the other after a crash).
remove_containers() {
  local w=$1 data runc_root id d
  for data in "$w"/h*/data; do
    [ -d "$data" ] || continue
    runc_root="$data/run/runc"
    for id in $( (ls "$runc_root" 2>/dev/null; ls "$data/containers" 2>/dev/null) | sort -u); do
      [ ! -d "$runc_root/$id" ] || runc --root "$runc_root" delete --force "$id" >/dev/null 2>&1 || true
      # runc removes a container's cgroups when it deletes it; these are the ones a crash left behind.
      for d in /sys/fs/cgroup/*/swarm/"$id" /sys/fs/cgroup/swarm/"$id"; do
        [ ! -d "$d" ] || find "$d" -depth -type d -exec rmdir {} + 2>/dev/null || true
      done
    done
  done
}

mounts_under() {
  # Field 5 of mountinfo is the mount point; deepest first so nested mounts go before their parents.
  awk -v w="$1" '{ m = $5; gsub(/\\040/, " ", m); if (m == w || index(m, w "/") == 1) print length(m), m }' \
    /proc/self/mountinfo | sort -rn | cut -d' ' -f2-
}

unmount_all() {
  local w=$1 m round
  for round in 1 2 3 4 5; do
    [ -n "$(mounts_under "$w")" ] || return 0
    while IFS= read -r m; do umount -l "$m" 2>/dev/null || true; done < <(mounts_under "$w")
  done
  [ -z "$(mounts_under "$w")" ]
}

down_one() {
  local p=$1 w ns
  w=$(work_dir "$p")
  stop_processes "$p"
  remove_containers "$w"
  for ns in $(host_namespaces "$p") "$p-underlay"; do
    ip netns del "$ns" 2>/dev/null || true
  done
  if [ -d "$w" ]; then
    # Never delete through a mount: it could be a bind of something outside W.
    unmount_all "$w" || die "still mounted under $w, not removing it:$(printf '\n  %s' "$(mounts_under "$w")")"
    rm -rf --one-file-system "$w"
  fi
  echo "testbed $p: down"
}

cmd_down() {
  local p="" all=0 found
  while [ $# -gt 0 ]; do
    case "$1" in
      --prefix) [ $# -ge 2 ] || usage; p=$2; shift 2 ;;
      --all) all=1; shift ;;
      *) usage ;;
    esac
  done
  [ "$(id -u)" -eq 0 ] || die "run as root"
  if [ -n "$p" ]; then
    check_prefix "$p"
    down_one "$p"
    return
  fi
  found=$(prefixes)
  if [ -z "$found" ]; then echo "testbed: none running"; return; fi
  if [ "$all" = 0 ] && [ "$(echo "$found" | wc -l)" -gt 1 ]; then
    die "several testbeds ($(echo $found)): say which with --prefix P, or --all"
  fi
  for p in $found; do down_one "$p"; done
}

cmd_ls() {
  local p w hosts alive f pid
  printf '%-12s %-6s %-8s %-16s %s\n' PREFIX HOSTS DAEMONS SUBNET WORKDIR
  for p in $(prefixes); do
    w=$(work_dir "$p")
    hosts=$(host_namespaces "$p" | wc -l)
    alive=0
    for f in "$w"/h*/daemon.pid; do
      [ -f "$f" ] || continue
      pid=$(cat "$f" 2>/dev/null || true)
      [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && alive=$((alive + 1))
    done
    printf '%-12s %-6s %-8s %-16s %s\n' "$p" "$hosts" "$alive" "$(subnet "$p").0/24" "$w"
  done
}

# Restarts the daemon of host I of a running testbed, as `up` started it (same data dir, socket, log, pid file), e.g.
# after it was killed; refuses while that daemon still runs. Waits until it answers.
cmd_start_daemon() {
  local p="" i="" w pid
  while [ $# -gt 0 ]; do
    case "$1" in
      --prefix) [ $# -ge 2 ] || usage; p=$2; shift 2 ;;
      -*) usage ;;
      *) [ -z "$i" ] || usage; i=$1; shift ;;
    esac
  done
  [ "$(id -u)" -eq 0 ] || die "run as root"
  if [ -z "$p" ]; then
    p=$(prefixes)
    [ -n "$p" ] && [ "$(echo "$p" | wc -l)" = 1 ] || die "say which testbed with --prefix P"
  fi
  check_prefix "$p"
  [[ "$i" =~ ^[0-9]+$ ]] || die "start-daemon: I is a host number"
  w=$(work_dir "$p")
  ip netns list | awk '{print $1}' | grep -qx "$p-h$i" || die "testbed $p has no host h$i"
  [ -f "$root_dir/cli/target/swarm.jar" ] || die "$root_dir/cli/target/swarm.jar not found"
  pid=$(cat "$w/h$i/daemon.pid" 2>/dev/null || true)
  if [[ "$pid" =~ ^[0-9]+$ ]] && tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF "$w/"; then
    die "the daemon of h$i still runs (pid $pid)"
  fi
  rm -f "$w/h$i/daemon.pid"
  start_daemon "$p" "$i"
  wait_daemon "$p" "$i"
  echo "testbed $p: daemon of h$i started (pid $(cat "$w/h$i/daemon.pid"))"
}

[ $# -ge 1 ] || usage
command=$1
shift
case "$command" in
  up) cmd_up "$@" ;;
  down) cmd_down "$@" ;;
  ls) cmd_ls "$@" ;;
  start-daemon) cmd_start_daemon "$@" ;;
  -h|--help|help) usage ;;
  *) usage ;;
esac
