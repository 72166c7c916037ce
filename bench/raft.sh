#!/usr/bin/env bash
# Raft throughput on 3 managers in one JVM (swarm-manager's ManagerCluster test fixture: Ratis over gRPC on
# loopback, plaintext, controllers running): (a) service updates through ControlApi by 1/8/32 concurrent clients, on
# the leader and on a follower, with p50/p99 per write; (b) raw log entries of K = 1/100/1000 object changes
# (PutNode) with M = 1/16/64 in flight, as entries/s, object changes/s and p50/p99 commit latency.
# The main class is swarm-manager/src/test/java/swarm/manager/bench/RaftThroughputBench.java (not a test).
# Compiles swarm-manager's test classes (offline Maven; swarm-core must be installed: mvn -o install -DskipTests).
# Usage: bench/raft.sh [SECONDS_PER_ROW]   (default 5). No timing assertions: it prints figures.
set -euo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$top"
tmp=$(mktemp -d /tmp/swarm-raft-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mvn -B -q -o -pl swarm-manager test-compile >"$tmp/mvn.log" 2>&1 || { cat "$tmp/mvn.log" >&2; exit 1; }
mvn -B -q -o -pl swarm-manager dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$tmp/cp" >/dev/null
# Ratis and the managers log at INFO to stderr (simplelogger.properties of the test resources): kept out of the table.
java -Xmx1g -cp "swarm-manager/target/classes:swarm-manager/target/test-classes:$(cat "$tmp/cp")" \
  swarm.manager.bench.RaftThroughputBench "$@" 2>"$tmp/log" || { tail -n 40 "$tmp/log" >&2; exit 1; }
echo "targets (shared/DESIGN.md section 9): >= 10,000 object changes/s committed on 3 managers; Ratis alone here:"
echo "1,865 entries/s with 64 in flight, p99 15.2 ms per sequential write (shared/anchors/RESULTS.md)"
