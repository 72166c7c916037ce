package swarm.manager;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import swarm.core.object.Cluster;
import swarm.manager.ca.TlsMaterial;
import swarm.manager.dispatcher.HeartbeatPolicy;
import swarm.manager.raft.RaftSettings;

/**
 * Typed settings of the manager role. Immutable; {@link #of} fills every default (documented on the
 * constants), {@code with*} methods change one setting.
 *
 * @param dataDir          the daemon's data dir; Raft lives in {@code <dataDir>/raft}
 * @param nodeId           this node's id (also its Raft peer id)
 * @param hostname         this node's hostname, shown by {@code node ls}
 * @param advertiseAddress the address other nodes reach this manager at (host or host:port)
 * @param raftHost         address the Raft gRPC server binds to
 * @param raftPort         Raft gRPC port; 0 picks a free one at init (kept across restarts)
 * @param snapshotInterval log entries between Raft snapshots
 * @param raftSegmentBytes size at which Raft log segments roll (closed segments are purged after a snapshot)
 * @param commitTimeout    how long an API write waits for its log entry to commit
 * @param controllerDebounce how long the controller loop lets a burst of commits gather before a pass
 * @param reportInterval   least time between two log entries of batched task status reports
 * @param clock            time source of controllers and objects' timestamps
 * @param heartbeatPeriod  how often workers heartbeat; a node silent for 3 periods is DOWN (Swarm: 5 s)
 * @param tls              this node's certificate and key and the swarm's CA: Raft traffic between managers is then
 *                         mutual TLS trusting only that CA's managers; null keeps it plaintext (one manager on
 *                         loopback). The Raft address ({@code raftHost}) must be named in the certificate.
 */
public record ManagerConfig(Path dataDir, String nodeId, String hostname, String advertiseAddress, String raftHost,
                            int raftPort, long snapshotInterval, long raftSegmentBytes, Duration commitTimeout,
                            Duration controllerDebounce, Duration reportInterval, Clock clock, TlsMaterial tls,
                            Duration heartbeatPeriod) {
  public static final String DEFAULT_RAFT_HOST = "127.0.0.1";
  public static final Duration DEFAULT_COMMIT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_CONTROLLER_DEBOUNCE = Duration.ofMillis(25);
  public static final Duration DEFAULT_REPORT_INTERVAL = Duration.ofMillis(50);

  public ManagerConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(clock, "clock");
    if (snapshotInterval < 1) {
      throw new IllegalArgumentException("snapshot interval must be at least 1 log entry, got " + snapshotInterval);
    }
  }

  public static ManagerConfig of(Path dataDir, String nodeId, String hostname) {
    return new ManagerConfig(dataDir, nodeId, hostname, DEFAULT_RAFT_HOST, DEFAULT_RAFT_HOST, 0,
        Cluster.DEFAULT_SNAPSHOT_INTERVAL, RaftSettings.DEFAULT_SEGMENT_SIZE, DEFAULT_COMMIT_TIMEOUT,
        DEFAULT_CONTROLLER_DEBOUNCE, DEFAULT_REPORT_INTERVAL, Clock.systemUTC(), null, HeartbeatPolicy.DEFAULT_PERIOD);
  }

  public ManagerConfig withHeartbeatPeriod(Duration period) {
    return new ManagerConfig(dataDir, nodeId, hostname, advertiseAddress, raftHost, raftPort, snapshotInterval,
        raftSegmentBytes, commitTimeout, controllerDebounce, reportInterval, clock, tls, period);
  }

  public Path raftDir() {
    return dataDir.resolve("raft");
  }

  RaftSettings raftSettings() {
    return RaftSettings.of(raftDir(), raftHost, raftPort, snapshotInterval).withSegmentSizeBytes(raftSegmentBytes)
        .withRequestTimeout(commitTimeout).withTls(tls);
  }

  public ManagerConfig withRaftAddress(String host, int port) {
    return new ManagerConfig(dataDir, nodeId, hostname, advertiseAddress, host, port, snapshotInterval,
        raftSegmentBytes, commitTimeout, controllerDebounce, reportInterval, clock, tls, heartbeatPeriod);
  }

  public ManagerConfig withAdvertiseAddress(String address) {
    return new ManagerConfig(dataDir, nodeId, hostname, address, raftHost, raftPort, snapshotInterval,
        raftSegmentBytes, commitTimeout, controllerDebounce, reportInterval, clock, tls, heartbeatPeriod);
  }

  public ManagerConfig withSnapshotInterval(long entries) {
    return new ManagerConfig(dataDir, nodeId, hostname, advertiseAddress, raftHost, raftPort, entries,
        raftSegmentBytes, commitTimeout, controllerDebounce, reportInterval, clock, tls, heartbeatPeriod);
  }

  public ManagerConfig withRaftSegmentBytes(long bytes) {
    return new ManagerConfig(dataDir, nodeId, hostname, advertiseAddress, raftHost, raftPort, snapshotInterval,
        bytes, commitTimeout, controllerDebounce, reportInterval, clock, tls, heartbeatPeriod);
  }

  public ManagerConfig withCommitTimeout(Duration timeout) {
    return new ManagerConfig(dataDir, nodeId, hostname, advertiseAddress, raftHost, raftPort, snapshotInterval,
        raftSegmentBytes, timeout, controllerDebounce, reportInterval, clock, tls, heartbeatPeriod);
  }

  public ManagerConfig withClock(Clock c) {
    return new ManagerConfig(dataDir, nodeId, hostname, advertiseAddress, raftHost, raftPort, snapshotInterval,
        raftSegmentBytes, commitTimeout, controllerDebounce, reportInterval, c, tls, heartbeatPeriod);
  }

  /** Mutual TLS for Raft with {@code material} (null: plaintext). */
  public ManagerConfig withTls(TlsMaterial material) {
    return new ManagerConfig(dataDir, nodeId, hostname, advertiseAddress, raftHost, raftPort, snapshotInterval,
        raftSegmentBytes, commitTimeout, controllerDebounce, reportInterval, clock, material, heartbeatPeriod);
  }
}
