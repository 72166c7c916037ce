package swarm.core.object;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

/**
 * The swarm itself (Docker's {@code Swarm}/{@code Cluster}): its id, cluster-wide settings, and its
 * certificate authority. The CA's private key and the join tokens live here so that every manager
 * can admit nodes; the API never shows the key (see docs/security.md).
 *
 * <p>{@code removedNodes} (swarmkit's {@code BlacklistedCertificates}): ids of nodes removed from the swarm, sorted,
 * so every manager's CA refuses their certificates from then on. Written together with the node's removal.
 *
 * <p>{@code defaultAddrPool} and {@code subnetSize} (Docker's {@code DefaultAddrPool}, {@code SubnetSize}, set once by
 * {@code swarm init --default-addr-pool --default-addr-pool-mask-length}): where overlay networks without a
 * {@code --subnet} get theirs.
 */
public record Cluster(@JsonProperty("ID") String id, Version version, Instant createdAt, Instant updatedAt,
                      Spec spec, @JsonProperty("RootCA") RootCA rootCA, List<String> removedNodes,
                      List<String> defaultAddrPool, Integer subnetSize) {
  public static final long DEFAULT_TASK_HISTORY_LIMIT = 5;
  public static final long DEFAULT_SNAPSHOT_INTERVAL = 10_000;
  /** Docker's {@code --dispatcher-heartbeat} default. */
  public static final Duration DEFAULT_HEARTBEAT_PERIOD = Duration.ofSeconds(5);
  /** Docker's {@code --cert-expiry} default (2160h). */
  public static final Duration DEFAULT_NODE_CERT_EXPIRY = Duration.ofDays(90);
  /** Docker's default address pool for overlay networks ({@code --default-addr-pool}). */
  public static final List<String> DEFAULT_ADDR_POOL = List.of("10.0.0.0/8");
  /** Docker's default subnet size carved from the pool ({@code --default-addr-pool-mask-length}). */
  public static final int DEFAULT_SUBNET_SIZE = 24;

  public Cluster {
    version = version == null ? Version.NONE : version;
    spec = spec == null ? new Spec(null, null, null) : spec;
    removedNodes = removedNodes == null ? List.of() : List.copyOf(new TreeSet<>(removedNodes));
    defaultAddrPool = defaultAddrPool == null || defaultAddrPool.isEmpty() ? DEFAULT_ADDR_POOL
        : List.copyOf(defaultAddrPool);
    subnetSize = subnetSize == null || subnetSize == 0 ? DEFAULT_SUBNET_SIZE : subnetSize;
  }

  /** A cluster with Docker's default address pool. */
  public Cluster(String id, Version version, Instant createdAt, Instant updatedAt, Spec spec, RootCA rootCA,
                 List<String> removedNodes) {
    this(id, version, createdAt, updatedAt, spec, rootCA, removedNodes, null, null);
  }

  public Cluster(String id, Version version, Instant createdAt, Instant updatedAt, Spec spec) {
    this(id, version, createdAt, updatedAt, spec, null, null);
  }

  public Cluster(String id, Version version, Instant createdAt, Instant updatedAt, Spec spec, RootCA rootCA) {
    this(id, version, createdAt, updatedAt, spec, rootCA, null);
  }

  /** The root CA (PEM certificate and key) and the current join tokens. */
  public record RootCA(@JsonProperty("CACert") String caCert, @JsonProperty("CAKey") String caKey,
                       JoinTokens joinTokens) {
    /** The same CA without its private key: what the API shows. */
    public RootCA withoutKey() {
      return new RootCA(caCert, null, joinTokens);
    }
  }

  /** Docker's {@code JoinTokens}: the secret a host presents to join as a worker or as a manager. */
  public record JoinTokens(String worker, String manager) {}

  /** Docker's {@code SwarmSpec}: the settings {@code swarm update} changes. */
  public record Spec(String name, Orchestration orchestration, Raft raft, Dispatcher dispatcher,
                     @JsonProperty("CAConfig") CaConfig caConfig) {
    public Spec {
      name = name == null ? "default" : name;
      orchestration = orchestration == null ? new Orchestration(null) : orchestration;
      raft = raft == null ? new Raft(null) : raft;
      dispatcher = dispatcher == null ? new Dispatcher(null) : dispatcher;
      caConfig = caConfig == null ? new CaConfig(null) : caConfig;
    }

    public Spec(String name, Orchestration orchestration, Raft raft) {
      this(name, orchestration, raft, null, null);
    }
  }

  /** How often nodes report to the dispatcher, in nanoseconds ({@code --dispatcher-heartbeat}). */
  public record Dispatcher(Long heartbeatPeriod) {
    public Dispatcher {
      heartbeatPeriod = heartbeatPeriod == null ? DEFAULT_HEARTBEAT_PERIOD.toNanos() : heartbeatPeriod;
    }
  }

  /** How long node certificates are valid, in nanoseconds ({@code --cert-expiry}). */
  public record CaConfig(Long nodeCertExpiry) {
    public CaConfig {
      nodeCertExpiry = nodeCertExpiry == null ? DEFAULT_NODE_CERT_EXPIRY.toNanos() : nodeCertExpiry;
    }
  }

  public record Orchestration(Long taskHistoryRetentionLimit) {
    public Orchestration {
      taskHistoryRetentionLimit = taskHistoryRetentionLimit == null ? DEFAULT_TASK_HISTORY_LIMIT : taskHistoryRetentionLimit;
    }
  }

  public record Raft(Long snapshotInterval) {
    public Raft {
      snapshotInterval = snapshotInterval == null ? DEFAULT_SNAPSHOT_INTERVAL : snapshotInterval;
    }
  }

  public Cluster withRootCA(RootCA ca) {
    return new Cluster(id, version, createdAt, updatedAt, spec, ca, removedNodes, defaultAddrPool, subnetSize);
  }

  public Cluster withVersion(Version v) {
    return new Cluster(id, v, createdAt, updatedAt, spec, rootCA, removedNodes, defaultAddrPool, subnetSize);
  }

  public Cluster withSpec(Spec s, Instant now) {
    return new Cluster(id, version, createdAt, now, s, rootCA, removedNodes, defaultAddrPool, subnetSize);
  }

  /** The cluster after node {@code nodeId} was removed: its certificate is refused from then on. */
  public Cluster withRemovedNode(String nodeId, Instant now) {
    List<String> removed = new java.util.ArrayList<>(removedNodes);
    removed.add(nodeId);
    return new Cluster(id, version, createdAt, now, spec, rootCA, removed, defaultAddrPool, subnetSize);
  }

  /** The cluster with another address pool for overlay networks. */
  public Cluster withAddressPool(List<String> pool, Integer size) {
    return new Cluster(id, version, createdAt, updatedAt, spec, rootCA, removedNodes, pool, size);
  }

  public boolean isRemoved(String nodeId) {
    return removedNodes.contains(nodeId);
  }
}
