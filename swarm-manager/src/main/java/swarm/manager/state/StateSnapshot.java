package swarm.manager.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import swarm.core.object.Cluster;
import swarm.core.object.Network;
import swarm.core.object.Node;
import swarm.core.object.Service;
import swarm.core.object.Task;

/**
 * A {@link ClusterState} in the shape written to a snapshot file with the project's JSON codec
 * (lists sorted by id, so equal states give equal bytes; a snapshot from before networks existed has
 * none). {@code format} is bumped on any
 * incompatible change; a reader refuses formats it does not know. Immutable.
 */
public record StateSnapshot(int format, long index, Cluster cluster, List<Node> nodes, List<Service> services,
                            List<Task> tasks, List<Network> networks) {
  public static final int FORMAT = 1;

  public StateSnapshot {
    nodes = nodes == null ? List.of() : List.copyOf(nodes);
    services = services == null ? List.of() : List.copyOf(services);
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
    networks = networks == null ? List.of() : List.copyOf(networks);
  }

  public static StateSnapshot of(ClusterState s) {
    return new StateSnapshot(FORMAT, s.index(), s.cluster(), sorted(s.nodes().values(), Node::id),
        sorted(s.services().values(), Service::id), sorted(s.tasks().values(), Task::id),
        sorted(s.networks().values(), Network::id));
  }

  public ClusterState toState() {
    if (format != FORMAT) {
      throw new IllegalStateException("snapshot format " + format + " is not supported by this version (expected "
          + FORMAT + ")");
    }
    return ClusterState.of(cluster, byId(nodes, Node::id), byId(services, Service::id), byId(tasks, Task::id),
        byId(networks, Network::id), index);
  }

  private static <T> List<T> sorted(java.util.Collection<T> values, Function<T, String> id) {
    List<T> out = new ArrayList<>(values);
    out.sort(Comparator.comparing(id));
    return out;
  }

  private static <T> Map<String, T> byId(List<T> values, Function<T, String> id) {
    return values.stream().collect(Collectors.toMap(id, Function.identity()));
  }
}
