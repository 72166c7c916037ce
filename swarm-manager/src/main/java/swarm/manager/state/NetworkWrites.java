package swarm.manager.state;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import swarm.core.log.StoreCommand;
import swarm.core.object.Network;
import swarm.core.object.NetworkAttachment;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.spec.Cidr;
import swarm.core.spec.NetworkAttachmentConfig;

/**
 * The {@link StateApplier}'s rules for networks and addresses: a network's name, VNI and subnet are its own; no
 * address is given to two holders in one network (see {@link AddressBook}); a network in use by a service stays.
 * Each method returns null when applied (or a no-op), else the conflict that refuses the batch. Deterministic and
 * stateless; it writes through the batch's {@link StateApplier.Working}.
 */
final class NetworkWrites {
  private NetworkWrites() {}

  static String create(StateApplier.Working w, StoreCommand.CreateNetwork c) {
    Network n = c.network();
    if (w.networks.containsKey(n.id())) {
      return "network id " + n.id() + " is already in use";
    }
    Cidr subnet;
    try {
      subnet = Cidr.parse(n.subnet());
      if (n.gateway() != null && !subnet.contains(Cidr.address(n.gateway()))) {
        return "gateway " + n.gateway() + " of network " + n.name() + " is outside its subnet " + n.subnet();
      }
    } catch (IllegalArgumentException e) {
      return "network " + n.name() + " has no valid subnet: " + e.getMessage();
    }
    for (Network other : w.networks.values()) {
      if (other.name().equals(n.name())) {
        return "network with name " + n.name() + " already exists";
      }
      if (other.vni() == n.vni()) {
        return "VXLAN id " + n.vni() + " is already used by network " + other.name();
      }
      if (other.cidr().overlaps(subnet)) {
        return "subnet " + n.subnet() + " overlaps network " + other.name() + "'s subnet " + other.subnet();
      }
      if (other.isIngress() && n.isIngress()) {
        return "an ingress network already exists: " + other.name();
      }
    }
    Network next = n.withVersion(w.version);
    w.networks().put(next.id(), next);
    w.book().addNetwork(next);
    w.changes.add(Change.of(Change.Kind.NETWORK, next.id(), null, next));
    return null;
  }

  static String remove(StateApplier.Working w, StoreCommand.RemoveNetwork c) {
    Network old = w.networks.get(c.networkId());
    if (old == null) {
      return "network " + c.networkId() + " not found";
    }
    String user = userOf(w, old);
    if (user != null) {
      return "network " + old.name() + " is in use by service " + user;
    }
    w.networks().remove(old.id());
    w.book().removeNetwork(old.id());
    w.changes.add(Change.of(Change.Kind.NETWORK, old.id(), old, null));
    return null;
  }

  /**
   * Null when every network of {@code s} exists and no other service publishes one of {@code s}'s ingress ports (the routing mesh holds a port for one
   * service on every node), else the conflict naming that service.
   */
  static String ingressPortTaken(StateApplier.Working w, Service s) {
    for (NetworkAttachmentConfig a : s.spec().taskTemplate().networks()) {
      if (!w.networks.containsKey(a.target())) {
        return "network " + a.target() + " not found (service " + s.spec().name() + ")";
      }
    }
    for (swarm.core.spec.PortConfig p : s.spec().endpointSpec().ingressPorts()) {
      for (Service other : w.services.values()) {
        if (other.id().equals(s.id())) {
          continue;
        }
        for (swarm.core.spec.PortConfig q : other.spec().endpointSpec().ingressPorts()) {
          if (q.publishedPort().equals(p.publishedPort()) && q.protocol() == p.protocol()) {
            return "port '" + p.publishedPort() + "/" + p.protocol().wire() + "' is already in use by service '"
                + other.spec().name() + "' (" + other.id() + ") as an ingress port";
          }
        }
      }
    }
    return null;
  }

  /** The name of a service that uses {@code n}: attached to it, or publishing ingress ports when it is ingress. */
  static String userOf(StateApplier.Working w, Network n) {
    for (Service s : w.services.values()) {
      for (NetworkAttachmentConfig a : s.spec().taskTemplate().networks()) {
        if (n.id().equals(a.target())) {
          return s.spec().name();
        }
      }
      if (n.isIngress() && !s.spec().endpointSpec().ingressPorts().isEmpty()) {
        return s.spec().name() + " (it publishes ports through the routing mesh)";
      }
    }
    return null;
  }

  static String setMeshAddress(StateApplier.Working w, StoreCommand.SetMeshAddress c) {
    Network old = w.networks.get(c.networkId());
    if (old == null) {
      return "network " + c.networkId() + " not found";
    }
    String current = old.meshAddresses().get(c.nodeId());
    AddressBook.Holder holder = AddressBook.Holder.node(c.nodeId());
    if (c.address() == null) {
      if (current == null) {
        return null;
      }
      w.book().release(old.id(), AddressBook.address(current), holder);
    } else {
      if (c.address().equals(current)) {
        return null;
      }
      if (!w.nodes.containsKey(c.nodeId())) {
        return "node " + c.nodeId() + " not found (mesh address on " + old.name() + ")";
      }
      String taken = check(w, old, c.address(), holder);
      if (taken != null) {
        return taken;
      }
      if (current != null) {
        w.book().release(old.id(), AddressBook.address(current), holder);
      }
      w.book().take(old.id(), AddressBook.address(c.address()), holder);
    }
    Network next = old.withMeshAddress(c.nodeId(), c.address(), c.at()).withVersion(w.version);
    w.networks().put(next.id(), next);
    w.changes.add(Change.of(Change.Kind.NETWORK, next.id(), old, next));
    return null;
  }

  static String setServiceVips(StateApplier.Working w, StoreCommand.SetServiceVips c) {
    Service old = w.services.get(c.serviceId());
    if (old == null) {
      return "service " + c.serviceId() + " not found";
    }
    if (old.virtualIps().equals(c.virtualIps())) {
      return null;
    }
    AddressBook.Holder holder = AddressBook.Holder.service(old);
    Set<String> networks = new HashSet<>();
    for (Service.VirtualIP v : c.virtualIps()) {
      Network n = w.networks.get(v.networkId());
      if (n == null) {
        return "network " + v.networkId() + " not found (virtual IP of service " + old.spec().name() + ")";
      }
      if (!networks.add(n.id())) {
        return "service " + old.spec().name() + " has two virtual IPs on network " + n.name();
      }
      String taken = check(w, n, v.addr(), holder);
      if (taken != null) {
        return taken;
      }
    }
    w.book().releaseVips(old);
    Service next = old.withVirtualIps(c.virtualIps(), c.at()).withVersion(w.version);
    w.book().takeVips(next);
    w.services().put(next.id(), next);
    w.changes.add(Change.of(Change.Kind.SERVICE, next.id(), old, next));
    return null;
  }

  static String allocateTask(StateApplier.Working w, StoreCommand.AllocateTask c) {
    Task old = w.tasks.get(c.taskId());
    if (old == null || old.state().isAtLeast(TaskState.ASSIGNED) || !old.networks().isEmpty()
        || c.networks().isEmpty()) {
      return null;
    }
    Task next = old.withNetworks(c.networks());
    String taken = checkTaskAddresses(w, next);
    if (taken != null) {
      return taken;
    }
    w.writeTask(old, next);
    w.book().takeTask(next);
    return null;
  }

  /** Null when every address of {@code t} is free in its network, else the conflict. */
  static String checkTaskAddresses(StateApplier.Working w, Task t) {
    if (t.networks().isEmpty()) {
      return null;
    }
    AddressBook.Holder holder = AddressBook.Holder.task(t);
    List<String> seen = new ArrayList<>();
    for (NetworkAttachment a : t.networks()) {
      Network n = w.networks.get(a.networkId());
      if (n == null) {
        return "network " + a.networkId() + " not found (task " + t.id() + ")";
      }
      for (String addr : a.addresses()) {
        if (seen.contains(n.id() + addr)) {
          return "address " + addr + " is given twice to task " + t.id();
        }
        seen.add(n.id() + addr);
        String taken = check(w, n, addr, holder);
        if (taken != null) {
          return taken;
        }
      }
    }
    return null;
  }

  /** Null when {@code cidr} is a host address of {@code n}'s subnet, free or held by {@code holder}. */
  private static String check(StateApplier.Working w, Network n, String cidr, AddressBook.Holder holder) {
    int a;
    try {
      a = AddressBook.address(cidr);
    } catch (IllegalArgumentException e) {
      return "invalid address on network " + n.name() + ": " + e.getMessage();
    }
    Cidr subnet = n.cidr();
    long i = subnet.indexOf(a);
    if (i <= 0 || i >= subnet.size() - 1) {
      return "address " + Cidr.format(a) + " is not a host address of network " + n.name() + " (" + n.subnet() + ")";
    }
    AddressBook.Holder h = w.book().holder(n.id(), a);
    if (h != null && !h.key().equals(holder.key())) {
      return "address " + Cidr.format(a) + " in network " + n.name() + " is already in use by " + h.label();
    }
    return null;
  }
}
