package swarm.core.object;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Docker's {@code ContainerStatus}: which container runs the task, its init pid and exit code. */
public record ContainerStatus(@JsonProperty("ContainerID") String containerId, @JsonProperty("PID") Long pid,
                              Integer exitCode) {}
