package swarm.worker.logs;

import java.time.Instant;

/**
 * One line of a container's output: when it was collected, which stream ({@code stdout} or
 * {@code stderr}), and the text including its trailing newline (absent only on a last, partial
 * line). Immutable.
 */
public record LogEntry(Instant time, String stream, String line) {}
