# Docker Swarm mode beside our figures, in the same run (shared/anchors/docker-swarm.sh shows the steps): a private
# dockerd (Debian's docker.io, installed on first use) in a network namespace of its own, so its iptables rules,
# docker0 and ingress stay out of the host's and the testbeds' namespaces; one-node swarm on 127.0.0.1 with the
# busybox rootfs imported as local/bb:1 and tagged local/bb:2. Source it, then:
#   anchor_start          start dockerd, init the swarm, import the image (prints nothing; fails if dockerd won't)
#   D ARGS...             the docker CLI against it
#   anchor_running NAME   tasks of service NAME that are Running
#   anchor_stop           leave the swarm, stop dockerd, remove the namespace and the data
# Run as root. ANCHOR_DIR (default /tmp/swarm-anchor) holds dockerd's data, socket and log (dockerd.log).
ANCHOR_DIR=${ANCHOR_DIR:-/tmp/swarm-anchor}
ANCHOR_NS=swarm-anchor-$$

D() { /usr/bin/docker -H "unix://$ANCHOR_DIR/docker.sock" "$@"; }

anchor_running() {
  D service ps "$1" --filter desired-state=running --format '{{.CurrentState}}' | grep -c Running || true
}

anchor_start() {
  if [ ! -x /usr/sbin/dockerd ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io iptables >/dev/null \
      || { echo "cannot install docker.io for the Docker Swarm anchor" >&2; return 1; }
  fi
  mkdir -p "$ANCHOR_DIR"
  ip netns add "$ANCHOR_NS" && ip -n "$ANCHOR_NS" link set lo up
  local r; r=$(mktemp -d)
  mkdir -p "$r"/{bin,etc,tmp,proc,sys,dev,www}; cp "$(command -v busybox)" "$r/bin/busybox"
  for a in sh sleep true echo cat httpd wget; do ln -sf busybox "$r/bin/$a"; done
  echo hello > "$r/www/index.html"; tar -C "$r" -cf "$ANCHOR_DIR/bb.tar" . && rm -rf "$r"
  setsid nsenter --net="/run/netns/$ANCHOR_NS" /usr/sbin/dockerd --data-root "$ANCHOR_DIR/data" --exec-root "$ANCHOR_DIR/exec" \
    -H "unix://$ANCHOR_DIR/docker.sock" --pidfile "$ANCHOR_DIR/dockerd.pid" >"$ANCHOR_DIR/dockerd.log" 2>&1 </dev/null &
  local i
  for i in $(seq 60); do D info >/dev/null 2>&1 && break; sleep 0.5; done
  D info >/dev/null 2>&1 || { echo "dockerd did not start: $ANCHOR_DIR/dockerd.log" >&2; return 1; }
  D import "$ANCHOR_DIR/bb.tar" local/bb:1 >/dev/null && D tag local/bb:1 local/bb:2
  D swarm init --advertise-addr 127.0.0.1 >/dev/null
}

anchor_stop() {
  D swarm leave --force >/dev/null 2>&1 || true
  if [ -f "$ANCHOR_DIR/dockerd.pid" ]; then
    local pid; pid=$(cat "$ANCHOR_DIR/dockerd.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
  grep -o " $ANCHOR_DIR/[^ ]*" /proc/mounts | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  ip netns del "$ANCHOR_NS" || true
  rm -rf "$ANCHOR_DIR"
}
