package swarm.manager.raft;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Typed settings of one Raft node: where it keeps its log, how it is reached, when it snapshots.
 * Immutable. {@link #DEFAULTS} documents each default; {@code with*} methods change one setting.
 *
 * @param raftDir           the log, snapshots and {@code raft-node.json} ({@code <dataDir>/raft})
 * @param host              address to bind and advertise to peers
 * @param port              gRPC port; 0 picks a free one at bootstrap
 * @param snapshotInterval  take a snapshot every this many log entries (and purge the log up to it)
 * @param segmentSizeBytes  roll log segments at this size (only closed segments can be purged)
 * @param electionTimeoutMin lower bound of the randomised election timeout
 * @param electionTimeoutMax upper bound of the randomised election timeout
 */
public record RaftSettings(Path raftDir, String host, int port, long snapshotInterval, long segmentSizeBytes,
                           Duration electionTimeoutMin, Duration electionTimeoutMax) {
  public static final long DEFAULT_SEGMENT_SIZE = 8L << 20;
  public static final Duration DEFAULT_ELECTION_MIN = Duration.ofMillis(300);
  public static final Duration DEFAULT_ELECTION_MAX = Duration.ofMillis(600);

  public RaftSettings {
    if (snapshotInterval < 1) {
      throw new IllegalArgumentException("snapshot interval must be at least 1 entry, got " + snapshotInterval);
    }
    if (electionTimeoutMax.compareTo(electionTimeoutMin) <= 0) {
      throw new IllegalArgumentException("election timeout max must be above min");
    }
  }

  public static RaftSettings of(Path raftDir, String host, int port, long snapshotInterval) {
    return new RaftSettings(raftDir, host, port, snapshotInterval, DEFAULT_SEGMENT_SIZE, DEFAULT_ELECTION_MIN,
        DEFAULT_ELECTION_MAX);
  }

  public RaftSettings withSegmentSizeBytes(long bytes) {
    return new RaftSettings(raftDir, host, port, snapshotInterval, bytes, electionTimeoutMin, electionTimeoutMax);
  }

  public RaftSettings withPort(int p) {
    return new RaftSettings(raftDir, host, p, snapshotInterval, segmentSizeBytes, electionTimeoutMin,
        electionTimeoutMax);
  }
}
