package swarm.manager.controlapi;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import swarm.core.error.SwarmException;
import swarm.core.log.ApplyResult;
import swarm.core.log.CommandBatch;
import swarm.core.log.StoreCommand;
import swarm.core.object.Cluster;
import swarm.core.object.Node;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.spec.ServiceSpec;
import swarm.core.identity.Identity;
import swarm.manager.raft.Proposer;
import swarm.manager.state.ClusterState;
import swarm.manager.state.Store;

/**
 * The manager's API for users (swarmkit's controlapi): validates requests, turns writes into log
 * entries and waits for them to commit, and answers reads. Errors are {@link SwarmException}s
 * with a message for a person: 400 invalid, 404 not found, 409 conflict (decided by the log, e.g.
 * a taken name or a stale version), 503 when no commit happens in time. Thread-safe.
 *
 * <p>Reads are served from the local store: exact on a single manager. TODO(multi-manager): use a
 * Ratis read index (linearizable read) where a user could notice staleness, and forward writes
 * from followers to the leader.
 */
public final class ControlApi {
  private final Store store;
  private final Proposer proposer;
  private final Clock clock;
  private final Duration commitTimeout;

  public ControlApi(Store store, Proposer proposer, Clock clock, Duration commitTimeout) {
    this.store = store;
    this.proposer = proposer;
    this.clock = clock;
    this.commitTimeout = commitTimeout;
  }

  public Service createService(ServiceSpec spec) {
    validate(spec);
    Service service = new Service(Identity.newId(), null, clock.instant(), clock.instant(), spec, null);
    commit(new StoreCommand.CreateService(service));
    return store.current().services().get(service.id());
  }

  /**
   * Replaces the spec of a service, based on the version the caller read (409 when it moved).
   * The previous spec is kept for rollback. Changing between replicated and global is refused.
   */
  public Service updateService(String idOrName, long version, ServiceSpec spec) {
    validate(spec);
    Service current = service(idOrName);
    if (current.spec().mode().isGlobal() != spec.mode().isGlobal()) {
      throw SwarmException.invalid("service mode change is not allowed: remove the service and create it again");
    }
    commit(new StoreCommand.UpdateService(current.withSpec(spec, clock.instant()), version));
    return store.current().services().get(current.id());
  }

  public void removeService(String idOrName) {
    commit(new StoreCommand.RemoveService(service(idOrName).id()));
  }

  /** By id, exact name, or unique id prefix. */
  public Service service(String idOrName) {
    ClusterState state = store.current();
    Optional<Service> exact = state.serviceById(idOrName).or(() -> state.serviceByName(idOrName));
    if (exact.isPresent()) {
      return exact.get();
    }
    List<Service> byPrefix = idOrName.isEmpty() ? List.of() : state.servicesByIdPrefix(idOrName);
    if (byPrefix.size() == 1) {
      return byPrefix.get(0);
    }
    if (byPrefix.size() > 1) {
      throw SwarmException.invalid("service " + idOrName + " is ambiguous (" + byPrefix.size() + " matches found)");
    }
    throw SwarmException.notFound("service " + idOrName + " not found");
  }

  /** Every service, by name. */
  public List<Service> services() {
    return store.current().services().values().stream()
        .sorted(Comparator.comparing((Service s) -> s.spec().name())).toList();
  }

  /**
   * Tasks, optionally only those of one service, one node, or one desired state (null = any),
   * ordered by service name, slot, then creation time.
   */
  public List<Task> tasks(String serviceIdOrName, String nodeId, TaskState desiredState) {
    ClusterState state = store.current();
    String serviceId = serviceIdOrName == null ? null : service(serviceIdOrName).id();
    return state.tasks().values().stream()
        .filter(t -> serviceId == null || serviceId.equals(t.serviceId()))
        .filter(t -> nodeId == null || nodeId.equals(t.nodeId()))
        .filter(t -> desiredState == null || desiredState == t.desiredState())
        .sorted(ClusterState.TASK_ORDER)
        .toList();
  }

  public List<Node> nodes() {
    return store.current().nodes().values().stream().sorted(Comparator.comparing(Node::id)).toList();
  }

  /** By id, hostname, or unique id prefix. */
  public Node node(String idOrHostname) {
    ClusterState state = store.current();
    Node exact = state.nodes().get(idOrHostname);
    if (exact != null) {
      return exact;
    }
    List<Node> matches = state.nodes().values().stream()
        .filter(n -> n.description() != null && idOrHostname.equals(n.description().hostname()))
        .toList();
    if (matches.isEmpty() && !idOrHostname.isEmpty()) {
      matches = state.nodes().values().stream().filter(n -> n.id().startsWith(idOrHostname)).toList();
    }
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.size() > 1) {
      throw SwarmException.invalid("node " + idOrHostname + " is ambiguous (" + matches.size() + " matches found)");
    }
    throw SwarmException.notFound("node " + idOrHostname + " not found");
  }

  public Cluster cluster() {
    Cluster c = store.current().cluster();
    if (c == null) {
      throw SwarmException.unavailable("this node is not part of an initialised swarm yet");
    }
    return c;
  }

  private static void validate(ServiceSpec spec) {
    if (spec == null) {
      throw SwarmException.invalid("a service spec is required");
    }
    List<String> problems = spec.validate();
    if (!problems.isEmpty()) {
      throw SwarmException.invalid(problems);
    }
  }

  /** Commits one command and waits until the local store has applied it; a refusal is a 409. */
  private void commit(StoreCommand command) {
    ApplyResult result = proposer.commit(CommandBatch.of(command), commitTimeout);
    if (!result.isOk()) {
      throw SwarmException.conflict(result.conflict());
    }
    try {
      if (!store.awaitIndex(result.index(), commitTimeout)) {
        throw SwarmException.unavailable("the change committed but this manager has not applied it yet: try again");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SwarmException.unavailable("interrupted while waiting for the change to apply");
    }
  }
}
