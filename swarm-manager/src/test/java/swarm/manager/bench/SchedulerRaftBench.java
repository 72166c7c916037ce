package swarm.manager.bench;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import swarm.core.log.ApplyResult;
import swarm.core.log.CommandBatch;
import swarm.core.log.StoreCommand;
import swarm.core.object.Node;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.spec.Resources;
import swarm.manager.Manager;
import swarm.manager.raft.RaftNode;
import swarm.manager.state.ClusterState;
import swarm.manager.testing.ManagerCluster;

/**
 * The scheduler's 100,000 tasks committed through Raft: three real managers in this JVM ({@link ManagerCluster}:
 * Ratis over gRPC on loopback, plaintext, controllers running on the leader). N SIMULATED NODES are written to the
 * log as READY/ACTIVE workers (PutNode; no node daemon, no runtime, no containers: nothing ever starts a task, so
 * tasks stay ASSIGNED, which is what this measures; the heartbeat period is set to an hour so the leader's health
 * monitor does not mark the session-less nodes DOWN). Then S services of R replicas (the shapes of {@link
 * SchedulerBench}: ssd constraint, zone spread, reservations) are created one after the other through the leader's
 * ControlApi, as fast as it answers, and the real controllers (orchestrator: CreateTask; scheduler: AssignTask) do
 * the rest, each controller pass as log entries of at most {@code ControllerLoop.MAX_ENTRY_BYTES}. With {@code
 * -Dbench.ahead=N} service k is only created once service k-N's tasks exist (N=2 is how this benchmark ran while a
 * pass was one entry, which Ratis refused over 4 MiB): many more, smaller passes. Timed: first service create until
 * every task is ASSIGNED in the leader's store, and until the followers applied the same index. Object changes =
 * services created + tasks created + tasks assigned. Not a test: a main run by {@code bench/scheduler.sh}.
 * Arguments: {@code [services] [replicas] [nodes]} (default 100 1000 1000).
 */
public final class SchedulerRaftBench {
  private SchedulerRaftBench() {}

  public static void main(String[] args) throws Exception {
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int replicas = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int nodes = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    long total = (long) services * replicas;
    Path root = Files.createTempDirectory("swarm-sched-raft-bench");
    try (ManagerCluster cluster = ManagerCluster.start(root, 3,
        (id, cfg) -> cfg.withCommitTimeout(Duration.ofSeconds(120)).withHeartbeatPeriod(Duration.ofHours(1)))) {
      Manager leader = cluster.leader();
      RaftNode raft = raftOf(leader);
      System.out.printf("3 managers in one JVM (Ratis, gRPC on loopback, plaintext), %d cores; simulated nodes: no"
          + " runtime, no containers%n", Runtime.getRuntime().availableProcessors());
      Instant now = Instant.now();
      for (int from = 0; from < nodes; from += 500) {
        List<StoreCommand> puts = new ArrayList<>();
        for (int i = from; i < Math.min(nodes, from + 500); i++) {
          puts.add(new StoreCommand.PutNode(node(i, now), 0));
        }
        ApplyResult r = raft.commit(new CommandBatch(puts), Duration.ofSeconds(60));
        if (!r.isOk()) {
          throw new IllegalStateException("nodes refused: " + r.conflict());
        }
      }
      long startIndex = leader.store().current().index();
      System.out.printf("%,d simulated nodes registered (PutNode, READY/ACTIVE); log index %d%n", nodes, startIndex);

      long t0 = System.nanoTime();
      int ahead = Integer.getInteger("bench.ahead", 0);
      for (int k = 0; k < services; k++) {
        while (ahead > 0 && leader.store().current().tasks().size() < (long) Math.max(0, k - ahead + 1) * replicas) {
          Thread.sleep(1);
        }
        leader.controlApi().createService(SchedulerBench.spec(k, replicas));
      }
      long tCreated = System.nanoTime();
      long lastPrint = t0;
      long tAllTasks = 0;
      ClusterState s;
      while (true) {
        s = leader.store().current();
        long created = s.tasks().size();
        long assigned = 0;
        for (Task t : s.tasks().values()) {
          if (t.state() == TaskState.ASSIGNED) {
            assigned++;
          }
        }
        long t = System.nanoTime();
        if (tAllTasks == 0 && created >= total) {
          tAllTasks = t;
        }
        if (assigned >= total) {
          break;
        }
        if (t - lastPrint > 5_000_000_000L) {
          lastPrint = t;
          System.out.printf("  %6.1f s: %,d tasks created, %,d assigned, log index %d%n", (t - t0) / 1e9, created,
              assigned, s.index());
        }
        if ((t - t0) / 1e9 > 1800) {
          throw new IllegalStateException("not done after 30 min: " + assigned + " assigned");
        }
        Thread.sleep(20);
      }
      long tAssigned = System.nanoTime();
      long endIndex = s.index();
      for (Manager f : cluster.followers()) {
        while (f.store().current().index() < endIndex) {
          Thread.sleep(5);
        }
      }
      long tFollowers = System.nanoTime();
      double secs = (tAssigned - t0) / 1e9;
      long changes = services + 2 * total;
      long entries = endIndex - startIndex;
      System.out.println();
      System.out.printf("%-58s %12s%n", "services x replicas = tasks", String.format("%d x %,d = %,d", services,
          replicas, total));
      System.out.printf("%-58s %12s%n", "nodes: simulated + the 3 managers' own (schedulable)",
          String.format("%,d + 3", nodes));
      System.out.printf("%-58s %12.2f%n", "seconds: service creates returned (one entry each)", (tCreated - t0) / 1e9);
      System.out.printf("%-58s %12.2f%n", "seconds: all tasks created (leader's store)", (tAllTasks - t0) / 1e9);
      System.out.printf("%-58s %12.2f%n", "seconds: all tasks ASSIGNED (leader's store)", secs);
      System.out.printf("%-58s %12.2f%n", "seconds: followers applied the same index", (tFollowers - t0) / 1e9);
      System.out.printf("%-58s %12s%n", "log entries (service creates + controller passes)", String.format("%,d",
          entries));
      System.out.printf("%-58s %12s%n", "object changes (services + task creates + assigns)", String.format("%,d",
          changes));
      System.out.printf("%-58s %12s%n", "object changes/s committed", String.format("%,.0f", changes / secs));
      System.out.printf("%-58s %12s%n", "placements/s end to end (tasks ASSIGNED / s)", String.format("%,.0f",
          total / secs));
      Map<String, Integer> perZone = new HashMap<>();
      int bad = 0;
      for (Task t : s.tasks().values()) {
        Node n = s.nodes().get(t.nodeId());
        int k = Integer.parseInt(t.serviceName().substring("bench-svc-".length()));
        if (k % 4 == 0 && !"true".equals(n.spec().labels().get("ssd"))) {
          bad++;
        }
        if (k == 3) {
          perZone.merge(String.valueOf(n.spec().labels().get("zone")), 1, Integer::sum);
        }
      }
      System.out.printf("check: ssd-constrained tasks on non-ssd nodes: %d; bench-svc-003 (spread=zone) per zone (null: a manager's own node): %s%n",
          bad, new java.util.TreeMap<>(perZone));
    } finally {
      deleteTree(root);
    }
    System.exit(0);
  }

  /** A simulated worker: READY, ACTIVE, 8 CPUs / 32 GiB, zone label, every 4th ssd=true. Nothing runs behind it. */
  static Node node(int i, Instant at) {
    String id = SchedulerBench.nodeId(i);
    Map<String, String> labels = new HashMap<>();
    labels.put("zone", SchedulerBench.zone(i));
    if (i % 4 == 0) {
      labels.put("ssd", "true");
    }
    return new Node(id, null, at, at, new Node.Spec(Node.Role.WORKER, Node.Availability.ACTIVE, labels),
        new Node.Description(id + "-host", null, new Resources(8_000_000_000L, 32L << 30, 0L)),
        new Node.Status(Node.State.READY, "simulated node", "192.0.2.1"), null);
  }

  private static RaftNode raftOf(Manager m) throws ReflectiveOperationException {
    Field f = Manager.class.getDeclaredField("raft");
    f.setAccessible(true);
    return (RaftNode) f.get(m);
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
