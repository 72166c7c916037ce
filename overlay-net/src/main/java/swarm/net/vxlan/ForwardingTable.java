package swarm.net.vxlan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.net.gateway.NetworkNamespace;
import swarm.net.sys.HostCommand;

/**
 * The static entries of one VXLAN device for the endpoints that live on other nodes: per endpoint, an FDB entry
 * (its MAC goes to its node's underlay address, {@code bridge fdb ... self permanent}) and a permanent neighbour
 * entry (its IP has that MAC; with the device's {@code proxy} flag the device answers the containers' ARP from it).
 * Nothing is learnt and nothing floods: an address not programmed here is unreachable. {@link #apply} changes only
 * the difference from what is programmed, so running connections to unchanged endpoints never notice an update.
 * Not thread-safe: its {@link OverlayNetwork}'s owner serialises.
 */
public final class ForwardingTable {
  private static final Logger LOG = LoggerFactory.getLogger(ForwardingTable.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * An endpoint on another node: {@code address} (IPv4, no prefix) with {@code mac}, behind {@code nodeAddr}.
   * A half entry read back from the kernel has a null {@code address} (FDB only) or {@code nodeAddr} (neighbour
   * only); it is never wanted, so the next {@link #apply} removes it.
   */
  public record Peer(String address, String mac, String nodeAddr) implements Comparable<Peer> {
    @Override
    public int compareTo(Peer o) {
      return key().compareTo(o.key());
    }

    private String key() {
      return address + "/" + mac + "/" + nodeAddr;
    }
  }

  /** What {@link #apply} does to go from one set of peers to another. */
  record Changes(Set<Peer> removed, Set<Peer> added) {
    boolean isEmpty() {
      return removed.isEmpty() && added.isEmpty();
    }
  }

  private final NetworkNamespace netns;
  private final String device;
  private Set<Peer> programmed;

  private ForwardingTable(NetworkNamespace netns, String device, Set<Peer> programmed) {
    this.netns = netns;
    this.device = device;
    this.programmed = programmed;
  }

  /** The table of a device that has no entries yet. */
  static ForwardingTable empty(NetworkNamespace netns, String device) {
    return new ForwardingTable(netns, device, new TreeSet<>());
  }

  /** The table as the kernel has it now, e.g. after a daemon restart. */
  static ForwardingTable load(NetworkNamespace netns, String device) {
    return new ForwardingTable(netns, device, read(netns, device));
  }

  /** The peers programmed now. */
  public Set<Peer> peers() {
    return Set.copyOf(programmed);
  }

  /**
   * Makes {@code wanted} the device's peers: removes the entries of peers no longer wanted, adds (or replaces) the
   * new and changed ones.
   *
   * @throws IllegalStateException with the tool's words when an entry cannot be added
   */
  public void apply(Set<Peer> wanted) {
    Changes c = diff(programmed, wanted);
    if (c.isEmpty()) {
      return;
    }
    if (!c.removed().isEmpty()) {
      StringBuilder fdb = new StringBuilder();
      StringBuilder neigh = new StringBuilder();
      for (Peer p : c.removed()) {
        if (p.nodeAddr() != null) {
          fdb.append("fdb del ").append(p.mac()).append(" dev ").append(device).append(" self\n");
        }
        // What the bridge learnt from the endpoint's packets would otherwise stay until it ages out.
        fdb.append("fdb del ").append(p.mac()).append(" dev ").append(device).append(" master\n");
        if (p.address() != null) {
          neigh.append("neigh del ").append(p.address()).append(" dev ").append(device).append('\n');
        }
      }
      // -force: go on past an entry someone removed already; what stays wrong shows in the next read.
      if (fdb.length() > 0) {
        runQuietly(netns.command(tool("bridge"), "-force", "-batch", "-").withInput(fdb.toString()));
      }
      if (neigh.length() > 0) {
        runQuietly(netns.command(tool("ip"), "-force", "-batch", "-").withInput(neigh.toString()));
      }
    }
    Set<Peer> next = new TreeSet<>(programmed);
    next.removeAll(c.removed());
    programmed = next;
    if (!c.added().isEmpty()) {
      StringBuilder fdb = new StringBuilder();
      StringBuilder neigh = new StringBuilder();
      for (Peer p : c.added()) {
        fdb.append("fdb replace ").append(p.mac()).append(" dev ").append(device).append(" dst ")
            .append(p.nodeAddr()).append(" self permanent\n");
        neigh.append("neigh replace ").append(p.address()).append(" lladdr ").append(p.mac()).append(" dev ")
            .append(device).append(" nud permanent\n");
      }
      netns.command(tool("bridge"), "-batch", "-").withInput(fdb.toString()).run().orThrow();
      netns.command(tool("ip"), "-batch", "-").withInput(neigh.toString()).run().orThrow();
      next = new TreeSet<>(programmed);
      next.addAll(c.added());
      programmed = next;
    }
  }

  /** Peers in {@code current} not in {@code wanted} go, peers in {@code wanted} not in {@code current} come. */
  static Changes diff(Set<Peer> current, Set<Peer> wanted) {
    Set<Peer> removed = new TreeSet<>(current);
    removed.removeAll(wanted);
    Set<Peer> added = new TreeSet<>(wanted);
    added.removeAll(current);
    return new Changes(removed, added);
  }

  /** Permanent FDB entries with a destination and permanent neighbour entries of the device, joined by MAC. */
  static Set<Peer> read(NetworkNamespace netns, String device) {
    Map<String, String> nodeOfMac = new HashMap<>();
    for (JsonNode e : json(netns.command(tool("bridge"), "-j", "fdb", "show", "dev", device))) {
      if (e.hasNonNull("dst") && "permanent".equals(e.path("state").asText())) {
        nodeOfMac.put(e.get("mac").asText(), e.get("dst").asText());
      }
    }
    Set<Peer> peers = new TreeSet<>();
    Set<String> macsWithAddress = new LinkedHashSet<>();
    for (JsonNode e : json(netns.command(tool("ip"), "-j", "neigh", "show", "dev", device))) {
      if (e.hasNonNull("lladdr") && e.path("state").toString().contains("PERMANENT")) {
        String mac = e.get("lladdr").asText();
        peers.add(new Peer(e.get("dst").asText(), mac, nodeOfMac.get(mac)));
        macsWithAddress.add(mac);
      }
    }
    nodeOfMac.forEach((mac, node) -> {
      if (!macsWithAddress.contains(mac)) {
        peers.add(new Peer(null, mac, node));
      }
    });
    return peers;
  }

  private static JsonNode json(HostCommand cmd) {
    String out = cmd.run().orThrow().stdout();
    try {
      return out.isBlank() ? JSON.createArrayNode() : JSON.readTree(out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the output of " + String.join(" ", cmd.argv()) + ": "
          + e.getMessage(), e);
    }
  }

  private static void runQuietly(HostCommand cmd) {
    HostCommand.Result r = cmd.run();
    if (!r.ok()) {
      LOG.debug("removing forwarding entries: {}", r.failure());
    }
  }

  static String tool(String name) {
    return HostCommand.locate(name).map(Path::toString).orElseThrow(() -> new IllegalStateException(
        name + " is not installed (Debian package iproute2): overlay networks need it"));
  }
}
