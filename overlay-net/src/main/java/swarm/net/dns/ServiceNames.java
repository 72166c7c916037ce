package swarm.net.dns;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import swarm.core.dispatch.NetworkView;
import swarm.core.dispatch.NetworkView.ServiceEntry;
import swarm.core.spec.EndpointSpec;

/**
 * The swarm names one task can resolve: those of the services on the networks it is attached to, and nothing
 * else (the ingress network gives no names). {@code NAME} (a service's name or one of its aliases) is the service's VIP, or its task addresses in
 * dnsrr mode; {@code tasks.NAME} its task addresses. Names are case-insensitive and may end with a dot. A name
 * found on several of the task's networks answers with the addresses of all of them. Immutable, so the server's
 * event loops read it without locks while {@link DnsServer#update} swaps in a new one.
 */
public final class ServiceNames {
  /** Empty: a task on no overlay network, or one whose networks have no services yet. */
  public static final ServiceNames NONE = new ServiceNames(Map.of());

  private static final String TASKS_PREFIX = "tasks.";

  /**
   * What a swarm name resolves to: IPv4 addresses without prefix length, in a stable order (the server
   * shuffles each answer). Empty for a known service that has no task able to take traffic now.
   *
   * @param vip true when the addresses are VIPs, which live as long as the service (a longer TTL)
   */
  public record Entry(List<String> addresses, boolean vip) {
    public Entry {
      addresses = List.copyOf(addresses);
    }
  }

  private final Map<String, Entry> byName;

  private ServiceNames(Map<String, Entry> byName) {
    this.byName = Map.copyOf(byName);
  }

  /** The names the services of {@code views} give a task attached to exactly those networks. */
  public static ServiceNames of(Collection<NetworkView> views) {
    Map<String, Set<String>> addresses = new HashMap<>();
    Map<String, Boolean> vip = new HashMap<>();
    for (NetworkView view : views) {
      if (view.ingress()) {
        // The routing mesh's network carries published ports only; no names resolve on it (as in Docker).
        continue;
      }
      for (ServiceEntry service : view.services()) {
        List<String> tasks = service.taskAddresses().stream().map(ServiceNames::withoutPrefix).toList();
        // A vip-mode service whose VIP is not allocated (yet) answers with its tasks: the name works meanwhile.
        boolean dnsrr = service.mode() == EndpointSpec.Mode.DNSRR || service.vip() == null;
        List<String> direct = dnsrr ? tasks : List.of(withoutPrefix(service.vip()));
        for (String name : namesOf(service)) {
          add(addresses, vip, name, direct, !dnsrr);
          add(addresses, vip, TASKS_PREFIX + name, tasks, false);
        }
      }
    }
    Map<String, Entry> byName = new HashMap<>();
    addresses.forEach((name, set) -> byName.put(name, new Entry(List.copyOf(set), vip.get(name))));
    return new ServiceNames(byName);
  }

  /** What {@code name} resolves to, empty when it is not a swarm name this task can see. */
  public Optional<Entry> lookup(String name) {
    return Optional.ofNullable(byName.get(normalize(name)));
  }

  /** Every name this task can resolve, normalized (lower case, no trailing dot). */
  public Set<String> names() {
    return byName.keySet();
  }

  static String normalize(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  private static Set<String> namesOf(ServiceEntry service) {
    Set<String> names = new LinkedHashSet<>();
    if (service.name() != null && !service.name().isBlank()) {
      names.add(normalize(service.name()));
    }
    for (String alias : service.aliases()) {
      if (alias != null && !alias.isBlank()) {
        names.add(normalize(alias));
      }
    }
    return names;
  }

  private static void add(Map<String, Set<String>> addresses, Map<String, Boolean> vip, String name,
                          List<String> these, boolean areVips) {
    addresses.computeIfAbsent(name, n -> new LinkedHashSet<>()).addAll(these);
    // A name that is a VIP on one network and task addresses on another (an alias shared by two services)
    // gets the shorter TTL: some of its addresses may go away at any time.
    vip.merge(name, areVips, Boolean::logicalAnd);
  }

  /** {@code 10.0.1.5/24} → {@code 10.0.1.5}: attachments carry CIDR form, answers carry addresses. */
  private static String withoutPrefix(String address) {
    int slash = address.indexOf('/');
    return slash < 0 ? address : address.substring(0, slash);
  }

  @Override
  public String toString() {
    return "ServiceNames" + byName;
  }
}
