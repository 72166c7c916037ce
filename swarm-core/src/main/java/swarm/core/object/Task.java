package swarm.core.object;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import swarm.core.spec.EndpointSpec;
import swarm.core.spec.TaskSpec;

/**
 * One run of a service's task template in a slot; Docker's {@code Task}. A task runs at most once:
 * a replacement is a new task in the same slot. {@code restarts} is ours: when the restart
 * supervisor replaced earlier tasks of this slot and spec version, kept in the log so restart
 * limits survive a leader change (Swarm keeps them only in memory). {@code failedStarts} is ours too: how many
 * tasks of this slot and spec in a row, right before this one, failed before they ever ran; the restart
 * supervisor backs off on it ({@link RestartBackoff}), and keeps it in the log for the same reason.
 * {@code endpoint} is the service's endpoint spec when the task was made (swarmkit's {@code Task.Endpoint}): the
 * worker publishes its host-mode ports, the scheduler keeps two of them off one host port. {@code networks} are the
 * task's addresses on its overlay networks (Docker's {@code NetworksAttachments}), allocated by the managers.
 * {@code runningSince} is ours: when the task reached RUNNING (the time of the worker's report), kept after the task
 * stops, since its status then only says how it ended; the updater tells by it a task that failed within its monitor
 * period from one that ran past it, on whichever manager leads. Set by {@link #withStatus}, never by a caller.
 */
public record Task(@JsonProperty("ID") String id, Version version, Instant createdAt, Instant updatedAt,
                   @JsonProperty("ServiceID") String serviceId, String serviceName, Long slot,
                   @JsonProperty("NodeID") String nodeId, TaskSpec spec, EndpointSpec endpoint,
                   Version specVersion, TaskStatus status,
                   TaskState desiredState, List<Instant> restarts, int failedStarts,
                   @JsonProperty("NetworksAttachments") List<NetworkAttachment> networks, Instant runningSince) {
  @JsonCreator
  public Task {
    networks = networks == null ? List.of() : List.copyOf(networks);
    version = version == null ? Version.NONE : version;
    status = status == null ? TaskStatus.of(TaskState.NEW, createdAt, "created") : status;
    desiredState = desiredState == null ? TaskState.RUNNING : desiredState;
    restarts = restarts == null ? List.of() : List.copyOf(restarts);
    endpoint = endpoint == null ? EndpointSpec.NONE : endpoint;
    failedStarts = Math.max(0, failedStarts);
    if (runningSince == null && status.state() == TaskState.RUNNING) {
      // A running task stored before this field existed, or made as running (tests): its status says since when.
      runningSince = status.timestamp() != null ? status.timestamp() : updatedAt;
    }
  }

  /** A task whose {@code runningSince} follows from its status. */
  public Task(String id, Version version, Instant createdAt, Instant updatedAt, String serviceId, String serviceName,
              Long slot, String nodeId, TaskSpec spec, EndpointSpec endpoint, Version specVersion, TaskStatus status,
              TaskState desiredState, List<Instant> restarts, int failedStarts, List<NetworkAttachment> networks) {
    this(id, version, createdAt, updatedAt, serviceId, serviceName, slot, nodeId, spec, endpoint, specVersion, status,
        desiredState, restarts, failedStarts, networks, null);
  }

  /** A task on no network yet. */
  public Task(String id, Version version, Instant createdAt, Instant updatedAt, String serviceId, String serviceName,
              Long slot, String nodeId, TaskSpec spec, EndpointSpec endpoint, Version specVersion, TaskStatus status,
              TaskState desiredState, List<Instant> restarts, int failedStarts) {
    this(id, version, createdAt, updatedAt, serviceId, serviceName, slot, nodeId, spec, endpoint, specVersion, status,
        desiredState, restarts, failedStarts, null);
  }

  /** A task after no failed start (the form most code makes: a first task, an update's). */
  public Task(String id, Version version, Instant createdAt, Instant updatedAt, String serviceId, String serviceName,
              Long slot, String nodeId, TaskSpec spec, EndpointSpec endpoint, Version specVersion, TaskStatus status,
              TaskState desiredState, List<Instant> restarts) {
    this(id, version, createdAt, updatedAt, serviceId, serviceName, slot, nodeId, spec, endpoint, specVersion, status,
        desiredState, restarts, 0);
  }

  /** Whether the task joins overlay networks: its template's, or the ingress network for its published ports. */
  public boolean isOnNetworks() {
    return (spec != null && !spec.networks().isEmpty()) || !endpoint.ingressPorts().isEmpty();
  }

  /**
   * Whether the task waits for the managers to allocate its addresses: it is on networks and has none yet. The
   * scheduler assigns no such task to a node.
   */
  public boolean isAwaitingAddresses() {
    return isOnNetworks() && networks.isEmpty();
  }

  /**
   * Whether the task's addresses are still taken: until it is not meant to run again (desired state shutdown or
   * beyond) and nothing of it runs (it has ended, or was never assigned to a node), its addresses are its own.
   */
  public boolean isHoldingAddresses() {
    boolean stopped = state().isTerminal() || state().compareTo(TaskState.ASSIGNED) < 0;
    return !networks.isEmpty() && !(stopped && desiredState.isAtLeast(TaskState.SHUTDOWN));
  }

  public TaskState state() {
    return status.state();
  }

  /** Docker's task name: {@code web.3}, or {@code web.<node id>} for a global task (it has no slot). */
  public String name() {
    return serviceName + "." + (slot != null ? slot : nodeId);
  }

  public Task withVersion(Version v) {
    return new Task(id, v, createdAt, updatedAt, serviceId, serviceName, slot, nodeId, spec, endpoint, specVersion,
        status, desiredState, restarts, failedStarts, networks, runningSince);
  }

  /** The task with this observed status; the first RUNNING one also sets {@code runningSince}, which then stays. */
  public Task withStatus(TaskStatus s) {
    Instant at = s.timestamp() == null ? updatedAt : s.timestamp();
    Instant running = runningSince == null && s.state() == TaskState.RUNNING ? at : runningSince;
    return new Task(id, version, createdAt, at, serviceId, serviceName,
        slot, nodeId, spec, endpoint, specVersion, s, desiredState, restarts, failedStarts, networks, running);
  }

  public Task withDesiredState(TaskState desired, Instant now) {
    return new Task(id, version, createdAt, now, serviceId, serviceName, slot, nodeId, spec, endpoint, specVersion,
        status, desired, restarts, failedStarts, networks, runningSince);
  }

  public Task withFailedStarts(int n) {
    return new Task(id, version, createdAt, updatedAt, serviceId, serviceName, slot, nodeId, spec, endpoint, specVersion,
        status, desiredState, restarts, n, networks, runningSince);
  }

  /** The task with its addresses on its networks, as the managers allocated them. */
  public Task withNetworks(List<NetworkAttachment> n) {
    return new Task(id, version, createdAt, updatedAt, serviceId, serviceName, slot, nodeId, spec, endpoint, specVersion,
        status, desiredState, restarts, failedStarts, n, runningSince);
  }

  public Task withNode(String node) {
    return new Task(id, version, createdAt, updatedAt, serviceId, serviceName, slot, node, spec, endpoint, specVersion,
        status, desiredState, restarts, failedStarts, networks, runningSince);
  }
}
