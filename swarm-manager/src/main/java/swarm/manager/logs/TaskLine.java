package swarm.manager.logs;

import swarm.core.dispatch.LogLine;
import swarm.core.object.Task;

/** One log line with the task that wrote it. */
public record TaskLine(Task task, LogLine line) {}
