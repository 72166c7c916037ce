package swarm.manager.allocator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.log.StoreCommand;
import swarm.core.object.Network;
import swarm.core.object.NetworkAttachment;
import swarm.core.object.Node;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.core.spec.EndpointSpec;
import swarm.core.spec.NetworkAttachmentConfig;
import swarm.manager.controller.Controller;
import swarm.manager.state.AddressBook;
import swarm.manager.state.ClusterState;

/**
 * Hands out addresses on overlay networks (swarmkit's allocator), a leader-only {@link Controller}: each node's mesh
 * address on the ingress network (while the node is in the swarm), each vip-mode service's virtual IP on each of its
 * networks (and on ingress while it publishes ports through the mesh), and each unassigned task's address on each of
 * its networks. The scheduler assigns no task before it has its addresses; so it runs after this controller in a
 * pass. When a network has no free address left, the task stays pending with {@code no free address in network
 * NAME} in its status error ({@code service ps} shows it; Swarm hides it, moby#37338) and is allocated on a later
 * pass once addresses are freed: a task's addresses are free again once it has ended and is not to run again, a
 * service's when it is removed or leaves the network.
 *
 * <p>Level-triggered and stateless: each pass derives what is held from the state ({@link AddressBook}) and allocates
 * the lowest free addresses, so running it twice proposes the same commands. Thread-safe.
 */
public final class Allocator implements Controller {
  private static final Logger LOG = LoggerFactory.getLogger(Allocator.class);

  @Override
  public List<StoreCommand> reconcile(ClusterState state, Instant now) {
    FreeAddresses free = new FreeAddresses(AddressBook.of(state));
    List<StoreCommand> commands = new ArrayList<>();
    state.ingressNetwork().ifPresent(ingress -> meshAddresses(state, ingress, free, now, commands));
    for (Service s : sorted(state)) {
      serviceVips(state, s, free, now, commands);
    }
    List<Task> waiting = new ArrayList<>();
    for (Task t : state.tasks().values()) {
      if (t.isAwaitingAddresses() && !t.state().isAtLeast(TaskState.ASSIGNED)
          && t.desiredState().compareTo(TaskState.RUNNING) <= 0) {
        waiting.add(t);
      }
    }
    waiting.sort(ClusterState.TASK_ORDER);
    for (Task t : waiting) {
      taskAddresses(state, t, free, now, commands);
    }
    return commands;
  }

  private static void meshAddresses(ClusterState state, Network ingress, FreeAddresses free, Instant now,
                                    List<StoreCommand> commands) {
    for (String node : ingress.meshAddresses().keySet()) {
      if (!state.nodes().containsKey(node)) {
        commands.add(new StoreCommand.SetMeshAddress(ingress.id(), node, null, now));
      }
    }
    for (Node n : state.nodes().values().stream().sorted(java.util.Comparator.comparing(Node::id)).toList()) {
      if (!ingress.meshAddresses().containsKey(n.id())) {
        String a = free.take(ingress, AddressBook.Holder.node(n.id()));
        if (a == null) {
          LOG.warn("no free address in network {} for node {}'s routing mesh", ingress.name(), n.id());
          return;
        }
        commands.add(new StoreCommand.SetMeshAddress(ingress.id(), n.id(), a, now));
      }
    }
  }

  private static void serviceVips(ClusterState state, Service s, FreeAddresses free, Instant now,
                                  List<StoreCommand> commands) {
    Map<String, String> current = new LinkedHashMap<>();
    s.virtualIps().forEach(v -> current.put(v.networkId(), v.addr()));
    List<Service.VirtualIP> wanted = new ArrayList<>();
    if (s.spec().endpointSpec().mode() == EndpointSpec.Mode.VIP) {
      for (Network n : networksOf(state, s.spec().taskTemplate().networks(), s.spec().endpointSpec())) {
        String addr = current.get(n.id());
        if (addr == null) {
          addr = free.take(n, AddressBook.Holder.service(s));
          if (addr == null) {
            LOG.warn("no free address in network {} for service {}'s virtual IP", n.name(), s.spec().name());
            continue;
          }
        }
        wanted.add(new Service.VirtualIP(n.id(), addr));
      }
    }
    if (!wanted.equals(s.virtualIps())) {
      commands.add(new StoreCommand.SetServiceVips(s.id(), wanted, now));
    }
  }

  private static void taskAddresses(ClusterState state, Task t, FreeAddresses free, Instant now,
                                    List<StoreCommand> commands) {
    List<NetworkAttachment> attachments = new ArrayList<>();
    String problem = null;
    for (NetworkAttachmentConfig c : t.spec().networks()) {
      if (!state.networks().containsKey(c.target())) {
        problem = "network " + c.target() + " not found";
      }
    }
    boolean ingressPorts = !t.endpoint().ingressPorts().isEmpty();
    if (problem == null && ingressPorts && state.ingressNetwork().isEmpty()) {
      problem = "no ingress network: ports published through the routing mesh need one";
    }
    if (problem == null) {
      for (Network n : networksOf(state, t.spec().networks(), t.endpoint())) {
        String addr = free.take(n, holderOf(t));
        if (addr == null) {
          problem = "no free address in network " + n.name();
          break;
        }
        attachments.add(new NetworkAttachment(n.id(), List.of(addr)));
      }
    }
    if (problem == null) {
      commands.add(new StoreCommand.AllocateTask(t.id(), attachments));
    } else if (!problem.equals(t.status().err())) {
      // Addresses taken for the task's other networks stay taken for the rest of this pass only: nothing is written.
      commands.add(new StoreCommand.UpdateTaskStatus(t.id(),
          new TaskStatus(now, TaskState.PENDING, problem, problem, null)));
    }
  }

  private static AddressBook.Holder holderOf(Task t) {
    return AddressBook.Holder.task(t);
  }

  /** The networks of an attachment list that exist, then ingress when ports are published through the mesh. */
  static List<Network> networksOf(ClusterState state, List<NetworkAttachmentConfig> configs, EndpointSpec endpoint) {
    List<Network> out = new ArrayList<>();
    for (NetworkAttachmentConfig c : configs) {
      Network n = state.networks().get(c.target());
      if (n != null && !out.contains(n)) {
        out.add(n);
      }
    }
    Optional<Network> ingress = state.ingressNetwork();
    if (!endpoint.ingressPorts().isEmpty() && ingress.isPresent() && !out.contains(ingress.get())) {
      out.add(ingress.get());
    }
    return out;
  }

  private static List<Service> sorted(ClusterState state) {
    return state.services().values().stream().sorted(java.util.Comparator.comparing(Service::id)).toList();
  }
}
