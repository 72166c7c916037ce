package swarm.core.object;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Docker's {@code ContainerStatus}: which container runs the task, its init pid and exit code,
 * and its {@link Health} when the task has a health check (null otherwise).
 */
public record ContainerStatus(@JsonProperty("ContainerID") String containerId, @JsonProperty("PID") Long pid,
                              Integer exitCode, Health health) {
  public ContainerStatus(String containerId, Long pid, Integer exitCode) {
    this(containerId, pid, exitCode, null);
  }
}
