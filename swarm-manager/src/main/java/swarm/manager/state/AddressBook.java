package swarm.manager.state;

import java.util.HashMap;
import java.util.Map;
import swarm.core.object.Network;
import swarm.core.object.NetworkAttachment;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.core.spec.Cidr;

/**
 * Who holds each address of each overlay network: the network's gateway, nodes' mesh addresses (ingress), services'
 * virtual IPs and tasks' addresses (until they have ended for good, {@link Task#isHoldingAddresses()}). The log's
 * applier consults it so that no write ever gives an address twice, and the allocator to find free ones; both derive
 * it from the same {@link ClusterState}, so they agree on what is free.
 *
 * <p>Mutable scratch: built from a state, then kept up to date by its one owner as that owner changes the state. Not
 * thread-safe.
 */
public final class AddressBook {
  /** Who holds an address: {@code key} identifies it ({@code task:ID}), {@code label} names it for a person. */
  public record Holder(String key, String label) {
    public static Holder gateway() {
      return new Holder("gateway", "the network's gateway");
    }

    public static Holder node(String nodeId) {
      return new Holder("node:" + nodeId, "node " + nodeId + " (routing mesh)");
    }

    public static Holder service(Service s) {
      return new Holder("service:" + s.id(), "service " + s.spec().name() + " (virtual IP)");
    }

    public static Holder task(Task t) {
      return new Holder("task:" + t.id(), "task " + t.name() + " (" + t.id() + ")");
    }
  }

  /** network id → address (without prefix length) → holder. */
  private final Map<String, Map<Integer, Holder>> held = new HashMap<>();

  private AddressBook() {}

  /** The addresses held in {@code state}. */
  public static AddressBook of(ClusterState state) {
    AddressBook book = new AddressBook();
    for (Network n : state.networks().values()) {
      book.addNetwork(n);
    }
    for (Service s : state.services().values()) {
      book.takeVips(s);
    }
    for (Task t : state.tasks().values()) {
      book.takeTask(t);
    }
    return book;
  }

  /** Who holds {@code address} in network {@code networkId}, or null when it is free. */
  public Holder holder(String networkId, int address) {
    Map<Integer, Holder> m = held.get(networkId);
    return m == null ? null : m.get(address);
  }

  /** How many addresses are held in a network. */
  public int count(String networkId) {
    Map<Integer, Holder> m = held.get(networkId);
    return m == null ? 0 : m.size();
  }

  public void addNetwork(Network n) {
    Map<Integer, Holder> m = held.computeIfAbsent(n.id(), k -> new HashMap<>());
    if (n.gateway() != null) {
      m.put(Cidr.address(n.gateway()), Holder.gateway());
    }
    n.meshAddresses().forEach((node, a) -> m.put(address(a), Holder.node(node)));
  }

  public void removeNetwork(String networkId) {
    held.remove(networkId);
  }

  public void takeVips(Service s) {
    for (Service.VirtualIP v : s.virtualIps()) {
      take(v.networkId(), address(v.addr()), Holder.service(s));
    }
  }

  public void releaseVips(Service s) {
    for (Service.VirtualIP v : s.virtualIps()) {
      release(v.networkId(), address(v.addr()), Holder.service(s));
    }
  }

  public void takeTask(Task t) {
    if (t.isHoldingAddresses()) {
      for (NetworkAttachment a : t.networks()) {
        for (String cidr : a.addresses()) {
          take(a.networkId(), address(cidr), Holder.task(t));
        }
      }
    }
  }

  public void releaseTask(Task t) {
    for (NetworkAttachment a : t.networks()) {
      for (String cidr : a.addresses()) {
        release(a.networkId(), address(cidr), Holder.task(t));
      }
    }
  }

  public void take(String networkId, int address, Holder h) {
    held.computeIfAbsent(networkId, k -> new HashMap<>()).put(address, h);
  }

  public void release(String networkId, int address, Holder h) {
    Map<Integer, Holder> m = held.get(networkId);
    if (m != null && m.get(address) != null && m.get(address).key().equals(h.key())) {
      m.remove(address);
    }
  }

  /** The address of {@code 10.0.1.5/24} or {@code 10.0.1.5}. */
  static int address(String cidrOrAddress) {
    return Cidr.address(cidrOrAddress.split("/")[0]);
  }
}
