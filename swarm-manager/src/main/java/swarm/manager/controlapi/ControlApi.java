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
import swarm.manager.raft.ReadBarrier;
import swarm.manager.state.ClusterState;
import swarm.manager.state.Store;

/**
 * The manager's API for users (swarmkit's controlapi): validates requests, turns writes into log
 * entries and waits for them to commit, and answers reads. Errors are {@link SwarmException}s
 * with a message for a person: 400 invalid, 404 not found, 409 conflict (decided by the log, e.g.
 * a taken name or a stale version), 503 when no commit happens in time. Thread-safe.
 *
 * <p>Writes go to the Raft leader from whichever manager takes them (the {@link Proposer} finds it) and return once
 * this manager has applied them, so a caller reads its own writes here. Reads pass a {@link ReadBarrier} first: on
 * a follower that is a Raft read index round with the leader, so a service created through another manager a moment
 * ago is listed here too; the leader reads its store at once. Without a quorum both fail with 503 in bounded time.
 */
public final class ControlApi {
  private final Store store;
  private final Proposer proposer;
  private final ReadBarrier readBarrier;
  private final Clock clock;
  private final Duration commitTimeout;

  /** A control API over a store that alone holds every committed change (one manager, or an in-memory log). */
  public ControlApi(Store store, Proposer proposer, Clock clock, Duration commitTimeout) {
    this(store, proposer, ReadBarrier.LOCAL, clock, commitTimeout);
  }

  public ControlApi(Store store, Proposer proposer, ReadBarrier readBarrier, Clock clock, Duration commitTimeout) {
    this.store = store;
    this.proposer = proposer;
    this.readBarrier = readBarrier;
    this.clock = clock;
    this.commitTimeout = commitTimeout;
  }

  /** The local store, once it holds everything committed before this call. */
  private ClusterState read() {
    readBarrier.await(commitTimeout);
    return store.current();
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
    return service(read(), idOrName);
  }

  private static Service service(ClusterState state, String idOrName) {
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
    return read().services().values().stream()
        .sorted(Comparator.comparing((Service s) -> s.spec().name())).toList();
  }

  /**
   * Tasks, optionally only those of one service, one node, or one desired state (null = any),
   * ordered by service name, slot, then creation time.
   */
  public List<Task> tasks(String serviceIdOrName, String nodeId, TaskState desiredState) {
    ClusterState state = read();
    String serviceId = serviceIdOrName == null ? null : service(state, serviceIdOrName).id();
    return state.tasks().values().stream()
        .filter(t -> serviceId == null || serviceId.equals(t.serviceId()))
        .filter(t -> nodeId == null || nodeId.equals(t.nodeId()))
        .filter(t -> desiredState == null || desiredState == t.desiredState())
        .sorted(ClusterState.TASK_ORDER)
        .toList();
  }

  public List<Node> nodes() {
    return read().nodes().values().stream().sorted(Comparator.comparing(Node::id)).toList();
  }

  /** By id, hostname, or unique id prefix. */
  public Node node(String idOrHostname) {
    ClusterState state = read();
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
    Cluster c = read().cluster();
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
