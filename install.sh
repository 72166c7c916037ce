#!/usr/bin/env bash
# Installs what swarm needs on Debian 12 (as root) and builds it. Idempotent.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
if [ "$(id -u)" -ne 0 ]; then echo "install.sh: run as root (it installs packages)" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
need=()
for p in runc nftables busybox-static iproute2 tar bc jq curl python3 openjdk-17-jdk-headless maven gcc libc6-dev; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq || true
  apt-get install -y -qq "${need[@]}"
fi
mvn -B -q -DskipTests install
echo "built: $(pwd)/bin/swarm (try: bin/swarm --help)"
