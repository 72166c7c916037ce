package swarm.core.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** CPU in billionths of a CPU (Docker's {@code NanoCPUs}), memory in bytes, pids as a count; 0 = unset. */
public record Resources(@JsonProperty("NanoCPUs") Long nanoCpus, Long memoryBytes, Long pids) {
  public static final Resources NONE = new Resources(0L, 0L, 0L);

  public Resources {
    nanoCpus = nanoCpus == null ? 0L : nanoCpus;
    memoryBytes = memoryBytes == null ? 0L : memoryBytes;
    pids = pids == null ? 0L : pids;
  }
}
