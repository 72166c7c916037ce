package swarm.manager.bench;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import swarm.core.log.StoreCommand;
import swarm.core.object.Node;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.spec.Placement;
import swarm.core.spec.ResourceRequirements;
import swarm.core.spec.Resources;
import swarm.core.spec.ServiceSpec;
import swarm.core.spec.TaskSpec;
import swarm.manager.scheduler.Scheduler;
import swarm.manager.state.ClusterState;
import swarm.manager.testing.StateBuilder;

/**
 * Scheduler throughput in process, on SIMULATED NODES: no runtime, no containers, no Raft. A
 * {@link ClusterState} holds N READY/ACTIVE worker nodes (labels {@code zone=a..j}, every 4th node
 * {@code ssd=true}; 8 CPUs, 32 GiB each) and S replicated services of R PENDING tasks each (service k:
 * k%4==0 constrained to {@code node.labels.ssd==true}; k%3==0 with {@code --placement-pref
 * spread=node.labels.zone}; k%5==0 reserving 0.01 CPU + 16 MiB). The real {@link Scheduler} runs reconcile
 * passes; between passes its commands are applied to the state as one log entry (as the ControllerLoop
 * does, through {@code StateApplier}) until no task is PENDING. Prints placements/s of the scheduler alone
 * and with the apply, and checks that constraints, spread and even placement held. Not a test: a main run by
 * {@code bench/scheduler.sh}. Arguments: {@code [services] [replicas] [nodes]} (default 100 1000 1000).
 */
public final class SchedulerBench {
  private SchedulerBench() {}

  static final String ZONES = "abcdefghij";

  public static void main(String[] args) {
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int replicas = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int nodes = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    System.out.printf("scheduler in process, simulated nodes: no runtime, no containers, no Raft; %d cores%n",
        Runtime.getRuntime().availableProcessors());
    // warm-up on a small copy of the same shape (JIT), not printed
    run(10, 100, 100, false);
    run(services, replicas, nodes, true);
  }

  static ClusterState build(int services, int replicas, int nodes) {
    StateBuilder b = StateBuilder.state();
    for (int i = 0; i < nodes; i++) {
      String id = nodeId(i);
      b.node(id, Node.State.READY, Node.Availability.ACTIVE, new Resources(8_000_000_000L, 32L << 30, 0L));
      if (i % 4 == 0) {
        b.labels(id, "zone", zone(i), "ssd", "true");
      } else {
        b.labels(id, "zone", zone(i));
      }
    }
    for (int k = 0; k < services; k++) {
      String sid = serviceId(k);
      b.service(sid, spec(k, replicas));
      for (int slot = 1; slot <= replicas; slot++) {
        b.task(sid + "-" + slot, sid, slot, TaskState.PENDING, TaskState.RUNNING, null,
            StateBuilder.T0.plusMillis(slot));
      }
    }
    return b.build();
  }

  static String nodeId(int i) {
    return String.format("node-%04d", i);
  }

  static String zone(int i) {
    return String.valueOf(ZONES.charAt(i % ZONES.length()));
  }

  static String serviceId(int k) {
    return String.format("svc-%03d", k);
  }

  /** Service k's spec: see the class comment for which constraints, preferences and reservations it has. */
  static ServiceSpec spec(int k, long replicas) {
    ServiceSpec s = StateBuilder.spec("bench-" + serviceId(k), replicas);
    List<String> constraints = k % 4 == 0 ? List.of("node.labels.ssd==true") : List.of();
    List<Placement.Preference> prefs = k % 3 == 0 ? List.of(Placement.Preference.spread("node.labels.zone"))
        : List.of();
    TaskSpec t = s.taskTemplate().withPlacement(new Placement(constraints, prefs, null));
    if (k % 5 == 0) {
      t = t.withResources(new ResourceRequirements(null, new Resources(10_000_000L, 16L << 20, 0L)));
    }
    return s.withTaskTemplate(t);
  }

  static void run(int services, int replicas, int nodes, boolean print) {
    long b0 = System.nanoTime();
    ClusterState state = build(services, replicas, nodes);
    double buildS = (System.nanoTime() - b0) / 1e9;
    int tasks = state.tasks().size();
    Scheduler scheduler = new Scheduler();
    Instant now = StateBuilder.T0.plusSeconds(3600);
    long schedNanos = 0;
    long applyNanos = 0;
    int passes = 0;
    long placed = 0;
    long start = System.nanoTime();
    while (true) {
      long t0 = System.nanoTime();
      List<StoreCommand> commands = scheduler.reconcile(state, now);
      long t1 = System.nanoTime();
      schedNanos += t1 - t0;
      passes++;
      long assigns = commands.stream().filter(c -> c instanceof StoreCommand.AssignTask).count();
      if (print) {
        System.out.printf("  pass %d: %d commands (%d assignments) in %.3f s%n", passes, commands.size(), assigns,
            (t1 - t0) / 1e9);
      }
      if (assigns == 0) {
        break;
      }
      placed += assigns;
      state = StateBuilder.apply(state, commands);
      applyNanos += System.nanoTime() - t1;
    }
    double total = (System.nanoTime() - start) / 1e9;
    if (!print) {
      return;
    }
    long pending = state.tasks().values().stream().filter(t -> t.state() == TaskState.PENDING).count();
    System.out.printf("%nstate built in %.2f s (not timed below)%n", buildS);
    System.out.printf("%-40s %12s%n", "tasks", String.format("%,d", tasks));
    System.out.printf("%-40s %12s%n", "simulated nodes (READY, ACTIVE)", String.format("%,d", nodes));
    System.out.printf("%-40s %12s%n", "services", String.format("%,d", services));
    System.out.printf("%-40s %12d%n", "passes (last one finds nothing)", passes);
    System.out.printf("%-40s %12s%n", "placed / still pending", String.format("%,d / %,d", placed, pending));
    System.out.printf("%-40s %12.2f%n", "scheduler seconds (reconcile only)", schedNanos / 1e9);
    System.out.printf("%-40s %12.2f%n", "apply seconds (StateApplier)", applyNanos / 1e9);
    System.out.printf("%-40s %12.2f%n", "total seconds", total);
    System.out.printf("%-40s %12s%n", "placements/s, scheduler alone", String.format("%,.0f", placed / (schedNanos / 1e9)));
    System.out.printf("%-40s %12s%n", "placements/s, with apply", String.format("%,.0f", placed / total));
    check(state, services, nodes);
  }

  /** Constraints held, spread over zones held (max - min <= 1 per service), and placement is even per node. */
  static void check(ClusterState state, int services, int nodes) {
    Map<String, Node> byId = state.nodes();
    Map<String, Map<String, Integer>> zoneCounts = new HashMap<>();
    Map<String, Map<String, Integer>> nodeCounts = new HashMap<>();
    int constraintViolations = 0;
    for (Task t : state.tasks().values()) {
      if (t.nodeId() == null) {
        continue;
      }
      Node n = byId.get(t.nodeId());
      String z = n.spec().labels().get("zone");
      boolean ssd = "true".equals(n.spec().labels().get("ssd"));
      int k = Integer.parseInt(t.serviceId().substring(4));
      if (k % 4 == 0 && !ssd) {
        constraintViolations++;
      }
      zoneCounts.computeIfAbsent(t.serviceId(), x -> new TreeMap<>()).merge(z, 1, Integer::sum);
      nodeCounts.computeIfAbsent(t.serviceId(), x -> new HashMap<>()).merge(t.nodeId(), 1, Integer::sum);
    }
    int spreadBad = 0;
    int unevenNodes = 0;
    String example = null;
    String exampleSsd = null;
    for (int k = 0; k < services; k++) {
      String sid = serviceId(k);
      Map<String, Integer> zc = zoneCounts.getOrDefault(sid, Map.of());
      if (k % 3 == 0) {
        int max = zc.values().stream().mapToInt(i -> i).max().orElse(0);
        int min = zc.values().stream().mapToInt(i -> i).min().orElse(0);
        int expectedZones = k % 4 == 0 ? zonesWithSsd(nodes) : Math.min(nodes, ZONES.length());
        if (max - min > 1 || zc.size() != expectedZones) {
          spreadBad++;
        }
        if (k % 4 != 0 && example == null) {
          example = sid + " " + zc;
        }
        if (k % 4 == 0 && exampleSsd == null) {
          exampleSsd = sid + " " + zc;
        }
      }
      Map<String, Integer> nc = nodeCounts.getOrDefault(sid, Map.of());
      int eligible = k % 4 == 0 ? (nodes + 3) / 4 : nodes;
      int max = nc.values().stream().mapToInt(i -> i).max().orElse(0);
      int min = nc.size() < eligible ? 0 : nc.values().stream().mapToInt(i -> i).min().orElse(0);
      if (max - min > 1) {
        unevenNodes++;
      }
    }
    System.out.printf("%ncheck: tasks of ssd-constrained services on non-ssd nodes: %d%n", constraintViolations);
    System.out.printf("check: spread services whose zone counts differ by > 1 (or miss a zone): %d of %d%n", spreadBad,
        (services + 2) / 3);
    System.out.printf("check: services whose per-node counts differ by > 1 over their eligible nodes: %d of %d%n",
        unevenNodes, services);
    System.out.println("  spread=zone:            " + example);
    System.out.println("  spread=zone + ssd only: " + exampleSsd + " (ssd nodes exist in 5 zones)");
    System.out.println(constraintViolations == 0 && spreadBad == 0 && unevenNodes == 0 ? "check: OK" : "check: FAILED");
  }

  static int zonesWithSsd(int nodes) {
    java.util.Set<String> z = new java.util.HashSet<>();
    for (int i = 0; i < nodes; i += 4) {
      z.add(zone(i));
    }
    return z.size();
  }

}
