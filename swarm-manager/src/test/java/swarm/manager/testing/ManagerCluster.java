package swarm.manager.testing;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import swarm.manager.Manager;
import swarm.manager.ManagerConfig;

/**
 * N real managers in one JVM (Ratis's {@code MiniRaftCluster}, our way): each on loopback with a free Raft port and
 * its own data dir under one temp dir. The first one initialises the swarm; the others join it as the daemon would
 * ({@link Manager#join} with the group id and members of a running manager). Managers can be stopped, restarted from
 * their data dir and added later. {@link #close} stops whatever still runs, even after a failed test. Not
 * thread-safe: one test drives it.
 */
public final class ManagerCluster implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(30);

  private final Path root;
  private final Function<String, ManagerConfig> configs;
  private final Map<String, Manager> running = new LinkedHashMap<>();

  private ManagerCluster(Path root, Function<String, ManagerConfig> configs) {
    this.root = root;
    this.configs = configs;
  }

  /** Managers {@code m1..mN}: m1 initialises, the others join one after the other. */
  public static ManagerCluster start(Path root, int managers) {
    return start(root, managers, (id, cfg) -> cfg);
  }

  /** As {@link #start(Path, int)}, each config adjusted by {@code tweak} (TLS material, timeouts...). */
  public static ManagerCluster start(Path root, int managers, ConfigTweak tweak) {
    ManagerCluster cluster = new ManagerCluster(root, id -> tweak.apply(id, defaults(root, id)));
    try {
      cluster.init("m1");
      for (int i = 2; i <= managers; i++) {
        cluster.join("m" + i);
      }
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** Adjusts one manager's config. */
  @FunctionalInterface
  public interface ConfigTweak {
    ManagerConfig apply(String nodeId, ManagerConfig config);
  }

  private static ManagerConfig defaults(Path root, String id) {
    return ManagerConfig.of(root.resolve(id), id, "host-" + id).withCommitTimeout(Duration.ofSeconds(5));
  }

  public ManagerConfig config(String id) {
    return configs.apply(id);
  }

  public Manager init(String id) {
    Manager m = Manager.init(config(id));
    running.put(id, m);
    return m;
  }

  /** Starts {@code id} empty and has it join the group through any running manager. */
  public Manager join(String id) {
    Manager any = running.values().iterator().next();
    Manager m = Manager.join(config(id), any.raftGroupId(), any.raftMembers());
    running.put(id, m);
    return m;
  }

  /** Stops {@code id} as a crash would leave its disk (Ratis closes its log files). */
  public void stop(String id) {
    Manager m = running.remove(id);
    if (m != null) {
      m.close();
    }
  }

  /** Restarts {@code id} from its data dir. */
  public Manager restart(String id) {
    Manager m = Manager.restart(config(id));
    running.put(id, m);
    return m;
  }

  public Manager manager(String id) {
    Manager m = running.get(id);
    if (m == null) {
      throw new IllegalArgumentException("manager " + id + " is not running");
    }
    return m;
  }

  public List<Manager> running() {
    return List.copyOf(running.values());
  }

  /** Waits until exactly one running manager is the ready leader, and returns it. */
  public Manager leader() {
    List<Manager> leaders = new ArrayList<>();
    await().atMost(WAIT).until(() -> {
      leaders.clear();
      running.values().stream().filter(Manager::isLeader).forEach(leaders::add);
      return leaders.size() == 1;
    });
    return leaders.get(0);
  }

  /** The running managers other than the current leader. */
  public List<Manager> followers() {
    Manager leader = leader();
    return running.values().stream().filter(m -> m != leader).toList();
  }

  public Path root() {
    return root;
  }

  @Override
  public void close() {
    for (Manager m : List.copyOf(running.values())) {
      try {
        m.close();
      } catch (RuntimeException e) {
        // keep closing the others
      }
    }
    running.clear();
  }
}
