#!/usr/bin/env bash
# Scheduler throughput, two parts, both on SIMULATED NODES (no runtime, no containers, no node daemons):
#  (1) SchedulerBench: the real Scheduler in process over a ClusterState of 1,000 READY/ACTIVE nodes (zone=a..j,
#      every 4th ssd=true) and 100 services x 1,000 PENDING tasks (some constrained to node.labels.ssd==true, some
#      with --placement-pref spread=node.labels.zone, some reserving CPU/memory); reconcile passes, their commands
#      applied through StateApplier between passes, until nothing is PENDING; placements/s + a constraint/spread check.
#  (2) SchedulerRaftBench: the same 100,000 tasks through 3 managers in one JVM (ManagerCluster: Ratis over gRPC on
#      loopback, plaintext): 1,000 nodes written as READY (PutNode), services created through the leader's ControlApi
#      back to back, the real orchestrator + scheduler create and assign the tasks; seconds until all are ASSIGNED in
#      the leader's store, and object changes/s committed. Tasks stay ASSIGNED: nothing runs them. AHEAD=2 paces the
#      creates as this benchmark used to (service k once service k-2's tasks exist): many more, smaller passes.
# Main classes: swarm-manager/src/test/java/swarm/manager/bench/{SchedulerBench,SchedulerRaftBench}.java (not tests).
# Compiles swarm-manager's test classes (offline Maven; swarm-core must be installed: mvn -o install -DskipTests).
# Usage: [AHEAD=N] bench/scheduler.sh [SERVICES [REPLICAS [NODES]]]   (default 100 1000 1000). Prints figures, asserts
# nothing.
set -euo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$top"
tmp=$(mktemp -d /tmp/swarm-scheduler-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mvn -B -q -o -pl swarm-manager test-compile >"$tmp/mvn.log" 2>&1 || { cat "$tmp/mvn.log" >&2; exit 1; }
mvn -B -q -o -pl swarm-manager dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$tmp/cp" >/dev/null
cp="swarm-manager/target/classes:swarm-manager/target/test-classes:$(cat "$tmp/cp")"
echo "== (1) scheduler in process"
java -Xmx2g -cp "$cp" swarm.manager.bench.SchedulerBench "$@" 2>"$tmp/log1" || { tail -n 40 "$tmp/log1" >&2; exit 1; }
echo
echo "== (2) the same tasks committed through a 3-manager Ratis group"
# Ratis and the managers log at INFO to stderr (simplelogger.properties of the test resources): kept out of the table.
java -Xmx3g ${AHEAD:+-Dbench.ahead=$AHEAD} -cp "$cp" swarm.manager.bench.SchedulerRaftBench "$@" 2>"$tmp/log2" || { tail -n 40 "$tmp/log2" >&2; exit 1; }
echo
echo "targets (shared/DESIGN.md section 9): scheduler >= 20,000 placements/s (100k tasks, 1,000 simulated nodes);"
echo ">= 10,000 object changes/s committed on 3 managers"
