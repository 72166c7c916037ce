package swarm.core.dispatch;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** One line a task's container wrote, as a node sends it to a manager: the stream is {@code stdout} or {@code stderr}. */
public record LogLine(@JsonProperty("TaskID") String taskId, Instant time, String stream, String line) {}
