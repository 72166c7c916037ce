#!/usr/bin/env bash
# A CI deploy step for a swarm (docs/ci.md): put a new image on every node, roll the service onto it, and exit
# with the outcome. Exit 0 only when the managers marked the rolling update completed; non-zero when it paused, was
# rolled back (e.g. --update-failure-action rollback and the new tasks failed), or made no progress in time, with
# the reason on stderr and the service's tasks after it.
#
# Usage: deploy.sh SERVICE IMAGE ARCHIVE [SERVICE UPDATE FLAGS...]
#   IMAGE    the name:tag the service is to run, e.g. app:2
#   ARCHIVE  IMAGE as `docker save IMAGE -o ARCHIVE` (or an OCI image archive) writes it, loaded with
#            `swarm image load`; or a root filesystem tar, imported as IMAGE with `swarm image import`
#   FLAGS    more `swarm service update` flags, e.g. --update-parallelism 2 --update-failure-action rollback
# Environment:
#   SWARM_NODES    every node that may run the service, space-separated: unix:///PATH or tcp://HOST:2377 (the
#                  daemon's API, with SWARM_TLS) or ssh://[USER@]HOST (runs `swarm` there, the archive on its stdin);
#                  default: the local daemon ($SWARM_HOST, else unix:///run/swarm/swarm.sock)
#   SWARM_MANAGER  where to update the service: a unix:// or tcp:// address of a manager (default: the first node
#                  of SWARM_NODES that is not ssh://, else the local daemon)
#   SWARM_TLS      flags for tcp:// addresses, e.g. "--tlscacert ca.crt --tlscert node.crt --tlskey node.key"
#   SWARM          the swarm command here (default: swarm on PATH, else bin/swarm of this checkout)
# stdout: one line per node loaded, then `deploy: SERVICE IMAGE STATE` with the update's final UpdateStatus.State
# (`none` when the change replaced no task, e.g. the image was already running).
set -euo pipefail

usage() { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 3 ] || usage
service=$1 image=$2 archive=$3
shift 3
[ -r "$archive" ] || { echo "deploy: cannot read $archive" >&2; exit 2; }

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
SWARM=${SWARM:-$(command -v swarm || echo "$here/../../bin/swarm")}
local_daemon=${SWARM_HOST:-unix:///run/swarm/swarm.sock}
read -r -a nodes <<< "${SWARM_NODES:-$local_daemon}"
read -r -a tls <<< "${SWARM_TLS:-}"

# A docker-save or OCI archive has its index at the top; anything else is taken for a root filesystem. (Listed
# first: under pipefail, grep -q leaving early would fail tar's side of a pipe.)
listing=$(tar -tf "$archive")
if grep -qxE '(\./)?(manifest|index)\.json' <<< "$listing"; then
  put=(image load -q)
else
  put=(image import - "$image")
fi

manager=${SWARM_MANAGER:-}
for node in "${nodes[@]}"; do
  case "$node" in
    ssh://*) ssh -o BatchMode=yes "${node#ssh://}" swarm "${put[@]}" < "$archive" >/dev/null ;;
    tcp://*) "$SWARM" -H "$node" "${tls[@]}" "${put[@]}" < "$archive" >/dev/null; manager=${manager:-$node} ;;
    *)       "$SWARM" -H "$node" "${put[@]}" < "$archive" >/dev/null; manager=${manager:-$node} ;;
  esac
  echo "deploy: $image on $node"
done
manager=${manager:-$local_daemon}
on_manager=("$SWARM" -H "$manager")
[[ $manager == tcp://* ]] && on_manager+=("${tls[@]}")

# Progress goes to stderr (the CI log); stdout is the update's final UpdateStatus as JSON.
set +e
status=$("${on_manager[@]}" service update --format json --image "$image" "$@" "$service")
code=$?
set -e
state=$(printf '%s' "$status" | sed -n 's/.*"State":"\([a-z_]*\)".*/\1/p')
echo "deploy: $service $image ${state:-none}"
if [ "$code" -ne 0 ]; then
  "${on_manager[@]}" service ps "$service" >&2 || true
fi
exit "$code"
