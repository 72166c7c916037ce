package swarm.core.log;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import swarm.core.object.Cluster;
import swarm.core.object.Network;
import swarm.core.object.NetworkAttachment;
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
 *
 * <p>Address writes (a network's subnet, a node's mesh address, a service's VIPs, a task's addresses) fail the batch
 * when they would give an address that something else holds in that network: no address is ever handed out twice,
 * even by a faulty leader.
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
    @JsonSubTypes.Type(value = StoreCommand.CreateNetwork.class, name = "network.create"),
    @JsonSubTypes.Type(value = StoreCommand.RemoveNetwork.class, name = "network.remove"),
    @JsonSubTypes.Type(value = StoreCommand.SetMeshAddress.class, name = "network.mesh"),
    @JsonSubTypes.Type(value = StoreCommand.SetServiceVips.class, name = "service.vips"),
    @JsonSubTypes.Type(value = StoreCommand.AllocateTask.class, name = "task.networks"),
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

  /** Fails the batch if the id or the name is taken, or the VNI or subnet overlaps another network's. */
  record CreateNetwork(Network network) implements StoreCommand {}

  /** Fails the batch if the network is unknown or a service still uses it. */
  record RemoveNetwork(@JsonProperty("NetworkID") String networkId) implements StoreCommand {}

  /**
   * The allocator's write of node {@code nodeId}'s address on the ingress network ({@code address} in CIDR form, null
   * to release it). Fails the batch if the address is held by something else.
   */
  record SetMeshAddress(@JsonProperty("NetworkID") String networkId, @JsonProperty("NodeID") String nodeId,
                        String address, Instant at) implements StoreCommand {}

  /** The allocator's write of a service's virtual IPs; fails the batch if one is held by something else. */
  record SetServiceVips(@JsonProperty("ServiceID") String serviceId,
                        @JsonProperty("VirtualIPs") java.util.List<Service.VirtualIP> virtualIps, Instant at)
      implements StoreCommand {}

  /**
   * The allocator's write of a task's addresses: applied only while the task is unassigned and has none yet; fails the
   * batch if one is held by something else.
   */
  record AllocateTask(@JsonProperty("TaskID") String taskId,
                      @JsonProperty("NetworksAttachments") java.util.List<NetworkAttachment> networks)
      implements StoreCommand {}
}
