package swarm.core.dispatch;

import com.fasterxml.jackson.annotation.JsonProperty;
import swarm.core.object.TaskStatus;

/** A worker's observation of one task. */
public record TaskStatusReport(@JsonProperty("TaskID") String taskId, TaskStatus status) {}
