package swarm.manager.raft;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import swarm.manager.ca.TlsMaterial;

/**
 * Typed settings of one Raft node: where it keeps its log, how it is reached, when it snapshots, how fast it fails
 * over and whether its traffic is mutual TLS. Immutable. {@link #of} fills the defaults (documented on the
 * constants); {@code with*} methods change one setting.
 *
 * @param raftDir            the log, snapshots and {@code raft-node.json} ({@code <dataDir>/raft})
 * @param host               address to bind and advertise to peers (an address the other managers can dial, and
 *                           one the node certificate names when TLS is on)
 * @param port               gRPC port; 0 picks a free one at bootstrap or join
 * @param snapshotInterval   take a snapshot every this many log entries (and purge the log up to it)
 * @param segmentSizeBytes   roll log segments at this size (only closed segments can be purged)
 * @param electionTimeoutMin lower bound of the randomised election timeout
 * @param electionTimeoutMax upper bound of the randomised election timeout
 * @param requestTimeout     how long a proposal or a linearizable read keeps looking for a leader with a quorum
 * @param tls                the node's certificate, key and the swarm CA: Raft traffic is mutual TLS trusting only
 *                           that CA's managers; null means plaintext (a single manager on loopback)
 */
public record RaftSettings(Path raftDir, String host, int port, long snapshotInterval, long segmentSizeBytes,
                           Duration electionTimeoutMin, Duration electionTimeoutMax, Duration requestTimeout,
                           TlsMaterial tls) {
  public static final long DEFAULT_SEGMENT_SIZE = 8L << 20;
  /** Sub-second elections: a lost leader is replaced in about one second (Swarm: 10 ticks of 1 s). */
  public static final Duration DEFAULT_ELECTION_MIN = Duration.ofMillis(300);
  public static final Duration DEFAULT_ELECTION_MAX = Duration.ofMillis(600);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  public RaftSettings {
    Objects.requireNonNull(raftDir, "raftDir");
    Objects.requireNonNull(host, "host");
    if (snapshotInterval < 1) {
      throw new IllegalArgumentException("snapshot interval must be at least 1 entry, got " + snapshotInterval);
    }
    if (electionTimeoutMax.compareTo(electionTimeoutMin) <= 0) {
      throw new IllegalArgumentException("election timeout max must be above min");
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("request timeout must be positive, got " + requestTimeout);
    }
  }

  public static RaftSettings of(Path raftDir, String host, int port, long snapshotInterval) {
    return new RaftSettings(raftDir, host, port, snapshotInterval, DEFAULT_SEGMENT_SIZE, DEFAULT_ELECTION_MIN,
        DEFAULT_ELECTION_MAX, DEFAULT_REQUEST_TIMEOUT, null);
  }

  public RaftSettings withSegmentSizeBytes(long bytes) {
    return new RaftSettings(raftDir, host, port, snapshotInterval, bytes, electionTimeoutMin, electionTimeoutMax,
        requestTimeout, tls);
  }

  public RaftSettings withPort(int p) {
    return new RaftSettings(raftDir, host, p, snapshotInterval, segmentSizeBytes, electionTimeoutMin,
        electionTimeoutMax, requestTimeout, tls);
  }

  public RaftSettings withElectionTimeout(Duration min, Duration max) {
    return new RaftSettings(raftDir, host, port, snapshotInterval, segmentSizeBytes, min, max, requestTimeout, tls);
  }

  public RaftSettings withRequestTimeout(Duration timeout) {
    return new RaftSettings(raftDir, host, port, snapshotInterval, segmentSizeBytes, electionTimeoutMin,
        electionTimeoutMax, timeout, tls);
  }

  /** Mutual TLS with {@code material} (null: plaintext). */
  public RaftSettings withTls(TlsMaterial material) {
    return new RaftSettings(raftDir, host, port, snapshotInterval, segmentSizeBytes, electionTimeoutMin,
        electionTimeoutMax, requestTimeout, material);
  }

  public String address() {
    return host + ":" + port;
  }
}
