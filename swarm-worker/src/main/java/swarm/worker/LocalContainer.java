package swarm.worker;

import swarm.core.object.TaskState;

/** A container on this node as the worker sees it: id (= task id), init pid, task state. Immutable. */
public record LocalContainer(String id, Long pid, TaskState state) {}
