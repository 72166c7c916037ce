package swarm.manager.bench;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import swarm.core.log.ApplyResult;
import swarm.core.log.CommandBatch;
import swarm.core.log.StoreCommand;
import swarm.core.object.Node;
import swarm.core.object.Service;
import swarm.manager.Manager;
import swarm.manager.raft.RaftNode;
import swarm.manager.testing.ManagerCluster;
import swarm.manager.testing.StateBuilder;

/**
 * Raft throughput of three real managers in this JVM ({@link ManagerCluster}: Ratis over gRPC on loopback,
 * plaintext, each manager with its own data dir and log on the same disk, controllers running on the leader). Not a
 * test: a main that prints a table, run by {@code bench/raft.sh}. Measures
 * <ol>
 *   <li>service updates through {@link swarm.manager.controlapi.ControlApi} ({@code updateService} with the version
 *       just read: a read barrier, one log entry, waiting until this manager applied it), by C concurrent clients
 *       each updating its own service, on the leader and on a follower;</li>
 *   <li>raw log entries through {@link RaftNode#submit}: a {@link CommandBatch} of K {@code PutNode}s (K different
 *       node objects, each at the version the previous batch gave it), M batches in flight, submitted on the
 *       leader.</li>
 * </ol>
 * All three Ratis servers, their state machines and the load generator share this machine's cores, so the figures
 * are lower than three managers on three machines would give. Arguments: {@code seconds-per-row} (default 5).
 */
public final class RaftThroughputBench {
  private static final int[] CLIENTS = {1, 8, 32};
  private static final int[] BATCH = {1, 100, 1000};
  private static final int[] IN_FLIGHT = {1, 16, 64};

  private RaftThroughputBench() {}

  public static void main(String[] args) throws Exception {
    Duration rowTime = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 5);
    Path root = Files.createTempDirectory("swarm-raft-bench");
    try (ManagerCluster cluster = ManagerCluster.start(root, 3,
        (id, cfg) -> cfg.withCommitTimeout(Duration.ofSeconds(30)))) {
      Manager leader = cluster.leader();
      Manager follower = cluster.followers().get(0);
      System.out.printf("3 managers in one JVM (Ratis, gRPC on loopback, plaintext), %d cores, %d s per row%n%n",
          Runtime.getRuntime().availableProcessors(), rowTime.toSeconds());

      System.out.println("(a) service updates through ControlApi.updateService (1 log entry each; C clients, one"
          + " service each)");
      System.out.printf("%-10s %8s %12s %10s %10s %10s%n", "through", "clients", "writes/s", "p50 ms", "p99 ms",
          "writes");
      controlApiRow(leader, "leader", 1, Duration.ofSeconds(2)); // warm-up, not printed
      for (Manager m : List.of(leader, follower)) {
        for (int c : CLIENTS) {
          Row r = controlApiRow(m, m == leader ? "leader" : "follower", c, rowTime);
          System.out.printf("%-10s %8d %12.0f %10.2f %10.2f %10d%n", r.label, c, r.perSecond(), r.p(0.50),
              r.p(0.99), r.count);
        }
      }

      System.out.println();
      System.out.println("(b) raw entries through RaftNode.submit on the leader: CommandBatch of K PutNodes"
          + " (K different nodes), M in flight");
      System.out.printf("%6s %6s %12s %16s %10s %10s %10s %14s%n", "K", "M", "entries/s", "obj changes/s", "p50 ms",
          "p99 ms", "entries", "nodes in store");
      RaftNode raft = raftOf(leader);
      batchRow(raft, 100, 16, Duration.ofSeconds(2), "warm"); // warm-up, not printed
      for (int k : BATCH) {
        for (int m : IN_FLIGHT) {
          Row r;
          try {
            r = batchRow(raft, k, m, rowTime, "b" + k + "x" + m);
          } catch (IllegalStateException e) {
            System.out.printf("%6d %6d   failed: %s%n", k, m, rootCause(e).getMessage().lines().findFirst().orElse(""));
            continue;
          }
          System.out.printf("%6d %6d %12.0f %16.0f %10.2f %10.2f %10d %14d%n", k, m, r.perSecond(), r.perSecond() * k,
              r.p(0.50), r.p(0.99), r.count, 3 + k * m);
        }
      }
      System.out.println();
      System.out.println("latency: submit -> committed and applied on the leader (b), or the ControlApi call's"
          + " return (a); (b) removes its K*M nodes after each row, so each row starts from a 3-node store");
    } finally {
      deleteTree(root);
    }
    System.exit(0);
  }

  /** C threads, each updating its own service with the version it last saw, for {@code time}. */
  private static Row controlApiRow(Manager m, String label, int clients, Duration time) throws Exception {
    List<Service> services = new ArrayList<>();
    String prefix = label + "-" + clients + "-" + System.nanoTime() % 100000 + "-";
    for (int i = 0; i < clients; i++) {
      services.add(m.controlApi().createService(StateBuilder.spec(prefix + i, 0)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    LinkedBlockingQueue<Long> latencies = new LinkedBlockingQueue<>();
    long deadline = System.nanoTime() + time.toNanos();
    long start = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (Service s0 : services) {
      done.add(pool.submit(() -> {
        Service s = s0;
        while (System.nanoTime() < deadline) {
          long t = System.nanoTime();
          s = m.controlApi().updateService(s.id(), s.version().index(), s.spec());
          latencies.add(System.nanoTime() - t);
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    long elapsed = System.nanoTime() - start;
    pool.shutdown();
    for (Service s : services) {
      m.controlApi().removeService(s.id());
    }
    return new Row(label, latencies, elapsed);
  }

  /** M slots, each with its own K nodes, each submitting its next batch when its previous one is applied. */
  private static Row batchRow(RaftNode raft, int k, int m, Duration time, String tag) throws Exception {
    Instant now = Instant.now();
    LinkedBlockingQueue<Long> latencies = new LinkedBlockingQueue<>();
    ExecutorService builders = Executors.newFixedThreadPool(2);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicLong refused = new AtomicLong();
    long deadline = System.nanoTime() + time.toNanos();
    long start = System.nanoTime();
    List<java.util.concurrent.CompletableFuture<Void>> slots = new ArrayList<>();
    List<String> all = new ArrayList<>();
    for (int slot = 0; slot < m; slot++) {
      String[] ids = new String[k];
      for (int i = 0; i < k; i++) {
        ids[i] = "bench-" + tag + "-" + slot + "-" + i;
      }
      all.addAll(Arrays.asList(ids));
      java.util.concurrent.CompletableFuture<Void> finished = new java.util.concurrent.CompletableFuture<>();
      slots.add(finished);
      Runnable[] next = new Runnable[1];
      long[] version = {0};
      next[0] = () -> {
        if (System.nanoTime() >= deadline || failure.get() != null) {
          finished.complete(null);
          return;
        }
        List<StoreCommand> commands = new ArrayList<>(k);
        for (String id : ids) {
          commands.add(new StoreCommand.PutNode(node(id, now), version[0]));
        }
        long t = System.nanoTime();
        raft.submit(new CommandBatch(commands)).whenCompleteAsync((ApplyResult r, Throwable e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
            finished.complete(null);
            return;
          }
          latencies.add(System.nanoTime() - t);
          if (r.isOk()) {
            version[0] = r.index();
          } else {
            refused.incrementAndGet();
          }
          next[0].run();
        }, builders);
      };
      builders.execute(next[0]);
    }
    for (var f : slots) {
      f.get(time.toSeconds() + 120, TimeUnit.SECONDS);
    }
    long elapsed = System.nanoTime() - start;
    builders.shutdown();
    if (failure.get() != null) {
      throw new IllegalStateException("a batch failed", failure.get());
    }
    removeNodes(raft, all);
    // Remove this row's nodes, so every row starts from the same store (an entry's apply copies the changed map).
    if (refused.get() > 0) {
      System.out.printf("  (K=%d M=%d: %d batches refused by the applier)%n", k, m, refused.get());
    }
    return new Row(tag, latencies, elapsed);
  }

  /** Removes a row's nodes (a failed row's too: the ones that exist), so each row starts from the same store. */
  private static void removeNodes(RaftNode raft, List<String> ids) {
    for (int from = 0; from < ids.size(); from += 1000) {
      List<StoreCommand> removes = new ArrayList<>();
      for (String id : ids.subList(from, Math.min(ids.size(), from + 1000))) {
        removes.add(new StoreCommand.RemoveNode(id));
      }
      raft.commit(new CommandBatch(removes), Duration.ofSeconds(60)); // refused if one is missing: fine here
    }
  }

  private static Throwable rootCause(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  /** A drained, down worker nobody schedules on or watches: only the log and the store see it. */
  private static Node node(String id, Instant at) {
    return new Node(id, null, at, Instant.now(),
        new Node.Spec(Node.Role.WORKER, Node.Availability.DRAIN, Map.of()),
        new Node.Description(id, null, null),
        new Node.Status(Node.State.DOWN, "raft bench", "192.0.2.1"), null);
  }

  /** The manager's Raft node (Manager keeps it private; a benchmark may look inside). */
  private static RaftNode raftOf(Manager m) throws ReflectiveOperationException {
    Field f = Manager.class.getDeclaredField("raft");
    f.setAccessible(true);
    return (RaftNode) f.get(m);
  }

  private record Row(String label, long count, long elapsedNanos, long[] sortedNanos) {
    Row(String label, LinkedBlockingQueue<Long> latencies, long elapsedNanos) {
      this(label, latencies.size(), elapsedNanos,
          latencies.stream().mapToLong(Long::longValue).sorted().toArray());
    }

    double perSecond() {
      return count * 1e9 / elapsedNanos;
    }

    double p(double q) {
      if (sortedNanos.length == 0) {
        return Double.NaN;
      }
      int i = (int) Math.min(sortedNanos.length - 1, Math.ceil(q * sortedNanos.length) - 1);
      return sortedNanos[Math.max(0, i)] / 1e6;
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
