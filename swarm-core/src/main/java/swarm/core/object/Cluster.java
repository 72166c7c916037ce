package swarm.core.object;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** The swarm itself (Docker's {@code Swarm}/{@code Cluster}): its id and cluster-wide settings. */
public record Cluster(@JsonProperty("ID") String id, Version version, Instant createdAt, Instant updatedAt,
                      Spec spec) {
  public static final long DEFAULT_TASK_HISTORY_LIMIT = 5;
  public static final long DEFAULT_SNAPSHOT_INTERVAL = 10_000;

  public Cluster {
    version = version == null ? Version.NONE : version;
    spec = spec == null ? new Spec(null, null, null) : spec;
  }

  public record Spec(String name, Orchestration orchestration, Raft raft) {
    public Spec {
      name = name == null ? "default" : name;
      orchestration = orchestration == null ? new Orchestration(null) : orchestration;
      raft = raft == null ? new Raft(null) : raft;
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

  public Cluster withVersion(Version v) {
    return new Cluster(id, v, createdAt, updatedAt, spec);
  }
}
