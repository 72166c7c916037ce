package swarm.core.log;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import swarm.core.object.Cluster;
import swarm.core.object.Node;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;

/**
 * One change to cluster state, as written in the Raft log. A versioned schema: the type ids
 * below are append-only and never reused or renamed. A replica that meets an unknown type id
 * stops applying and fails loudly (it runs older code than the log): never skip an entry.
 *
 * <p>Commands carry every input they need, timestamps included, so applying one is deterministic.
 * Version-checked commands ({@code expectedVersion}) fail the whole batch on a stale version;
 * state-monotonic ones (status, desired state, assignment) are no-ops when they would move a task
 * backwards or the task is gone.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "Type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = StoreCommand.PutCluster.class, name = "cluster.put"),
    @JsonSubTypes.Type(value = StoreCommand.PutNode.class, name = "node.put"),
    @JsonSubTypes.Type(value = StoreCommand.RemoveNode.class, name = "node.remove"),
    @JsonSubTypes.Type(value = StoreCommand.CreateService.class, name = "service.create"),
    @JsonSubTypes.Type(value = StoreCommand.UpdateService.class, name = "service.update"),
    @JsonSubTypes.Type(value = StoreCommand.RemoveService.class, name = "service.remove"),
    @JsonSubTypes.Type(value = StoreCommand.CreateTask.class, name = "task.create"),
    @JsonSubTypes.Type(value = StoreCommand.RemoveTask.class, name = "task.remove"),
    @JsonSubTypes.Type(value = StoreCommand.UpdateTaskStatus.class, name = "task.status"),
    @JsonSubTypes.Type(value = StoreCommand.SetDesiredState.class, name = "task.desired"),
    @JsonSubTypes.Type(value = StoreCommand.AssignTask.class, name = "task.assign"),
})
public sealed interface StoreCommand {
  /** Creates (expectedVersion 0) or replaces the cluster object. */
  record PutCluster(Cluster cluster, long expectedVersion) implements StoreCommand {}

  /** Creates (expectedVersion 0) or replaces a node. */
  record PutNode(Node node, long expectedVersion) implements StoreCommand {}

  record RemoveNode(@JsonProperty("NodeID") String nodeId) implements StoreCommand {}

  /** Fails the batch if the id or the name is taken. */
  record CreateService(Service service) implements StoreCommand {}

  /** Fails the batch unless the stored version equals {@code expectedVersion}, or if the new name is taken. */
  record UpdateService(Service service, long expectedVersion) implements StoreCommand {}

  record RemoveService(@JsonProperty("ServiceID") String serviceId) implements StoreCommand {}

  /** Fails the batch if the id is taken. */
  record CreateTask(Task task) implements StoreCommand {}

  record RemoveTask(@JsonProperty("TaskID") String taskId) implements StoreCommand {}

  /** A worker's report: applied only when it does not move the observed state backwards. */
  record UpdateTaskStatus(@JsonProperty("TaskID") String taskId, TaskStatus status) implements StoreCommand {}

  /** Applied only when it moves the desired state forward (READY → RUNNING → SHUTDOWN → REMOVE). */
  record SetDesiredState(@JsonProperty("TaskID") String taskId, TaskState desiredState, Instant at)
      implements StoreCommand {}

  /** The scheduler's decision: applied only while the task is still unassigned (state below ASSIGNED). */
  record AssignTask(@JsonProperty("TaskID") String taskId, @JsonProperty("NodeID") String nodeId, Instant at)
      implements StoreCommand {}
}
