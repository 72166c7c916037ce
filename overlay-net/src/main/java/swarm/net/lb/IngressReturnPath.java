package swarm.net.lb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import swarm.core.dispatch.NetworkView;
import swarm.net.firewall.Nft;

/**
 * The routing mesh's return path in one task's network namespace ({@link ReturnRoutes} says what and why): replies
 * to a mesh connection leave through the node that DNATed it, so the node undoes the DNAT and the client, whose
 * own address the task saw, gets its answer. {@link #apply} is level-triggered and safe to repeat: new routes and
 * rules first, the nftables table replaced in one transaction, stale rules and routes last, so no moment lacks a
 * way back for a connection whose node is still in the view. Not thread-safe per task; the caller serialises.
 */
public final class IngressReturnPath {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Netns task;
  private final String ingressInterface;
  /** The script, rules and routes last applied by this object; null before the first apply and after remove. */
  private List<Object> applied;

  /**
   * @param task the task's network namespace
   * @param ingressInterface the task's interface on the ingress network (its MAC and address per the view)
   */
  public IngressReturnPath(Netns task, String ingressInterface) {
    this.task = task;
    this.ingressInterface = ingressInterface;
  }

  /**
   * Makes the task's return path match the ingress view's nodes.
   *
   * @param serviceId the task's service (its UDP ports need source-address rules)
   * @param nodeId the node the task runs on
   */
  public void apply(NetworkView ingress, String serviceId, String nodeId) {
    ReturnRoutes wanted = ReturnRoutes.of(ingress, serviceId, nodeId);
    String script = wanted.script(ingressInterface);
    List<Object> inputs = Arrays.asList(script, wanted.rules(), wanted.routes());
    if (inputs.equals(applied)) {
      return; // what this path is made of did not change: no process to run
    }
    if (script == null) {
      remove();
      applied = inputs;
      return;
    }
    task.sysctl("net.ipv4.conf.all.src_valid_mark", "1");
    // A TCP server's SYN-ACK is routed with its listener's mark unless accepted sockets take the SYN's: a task
    // with no default route (only overlays) then has no route back at all, before any output hook could mark it.
    task.sysctl("net.ipv4.tcp_fwmark_accept", "1");
    StringBuilder add = new StringBuilder();
    Set<Long> tables = new HashSet<>();
    for (ReturnRoutes.Route r : wanted.routes()) {
      tables.add(r.table());
      add.append("route replace default via ").append(r.gateway()).append(" dev ").append(ingressInterface)
          .append(" table ").append(r.table()).append('\n');
    }
    List<String> present = presentRules();
    wanted.rules().stream().filter(r -> !present.contains(r)).forEach(r -> add.append("rule add ").append(r)
        .append('\n'));
    task.ip(add.toString());
    task.nft().apply(script);
    StringBuilder stale = new StringBuilder();
    present.stream().filter(r -> !wanted.rules().contains(r)).forEach(r -> stale.append("rule del ").append(r)
        .append('\n'));
    presentTables().stream().filter(t -> !tables.contains(t)).forEach(t -> stale.append("route flush table ")
        .append(t).append('\n'));
    task.ip(stale.toString());
    applied = inputs;
  }

  /** Removes the return path: the table, the rules, the routes. */
  public void remove() {
    applied = null;
    task.nft().apply(Nft.deleteTable("ip", ReturnRoutes.TABLE));
    StringBuilder gone = new StringBuilder();
    presentRules().forEach(r -> gone.append("rule del ").append(r).append('\n'));
    presentTables().forEach(t -> gone.append("route flush table ").append(t).append('\n'));
    task.ip(gone.toString());
  }

  /** This path's rules present in the namespace (by priority), in {@link ReturnRoutes#rule} form. */
  List<String> presentRules() {
    List<String> rules = new ArrayList<>();
    for (JsonNode r : json("-j", "rule", "show")) {
      int priority = r.path("priority").asInt(-1);
      if (!ReturnRoutes.ours(priority)) {
        continue;
      }
      rules.add(ReturnRoutes.rule(priority, text(r, "fwmark"), text(r, "ipproto"),
          r.has("sport") ? r.get("sport").asInt() : null, r.path("table").asText(),
          r.has("suppress_prefixlen") ? r.get("suppress_prefixlen").asInt() : null));
    }
    return rules;
  }

  /** Routing tables other than main, local and default with a route on the ingress interface: this path's. */
  Set<Long> presentTables() {
    Set<Long> tables = new TreeSet<>();
    for (JsonNode r : json("-j", "route", "show", "table", "all", "dev", ingressInterface)) {
      String table = r.path("table").asText("");
      if (table.chars().allMatch(Character::isDigit) && !table.isEmpty()) {
        tables.add(Long.parseLong(table));
      }
    }
    return tables;
  }

  private JsonNode json(String... args) {
    String out = task.ipOutput(args);
    try {
      return out.isBlank() ? JSON.createArrayNode() : JSON.readTree(out);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot read the output of ip " + String.join(" ", args) + ": "
          + e.getMessage(), e);
    }
  }

  private static String text(JsonNode node, String field) {
    return node.has(field) ? node.get(field).asText() : null;
  }
}
