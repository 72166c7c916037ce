package swarm.net.membership;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import swarm.core.error.SwarmException;

/**
 * How this node's membership member is set up. A value; "modify" means a {@code withX} copy.
 *
 * @param clusterId the cluster id; it becomes the Hazelcast cluster name, so members of another
 *     cluster (or another test run) are refused at join
 * @param nodeId this node's id, published to the others as the member attribute {@code
 *     swarm.node.id}
 * @param advertiseAddress the IPv4 address this node is reached at (the node's {@code addr}); the
 *     member binds to it only, never to 0.0.0.0
 * @param port the member's TCP port, {@value #DEFAULT_PORT} unless set; never auto-incremented, so
 *     the firewall allow-list and the managers' addresses can name it
 * @param managers the managers' membership endpoints, {@code host:port} or {@code host} (then
 *     {@code port}); may be empty for the first manager, and may list this node itself
 * @param heartbeatInterval how often members heartbeat each other (whole seconds, at least 1)
 * @param maxNoHeartbeat how long a silent member stays a member (whole seconds, more than the
 *     interval): the worst case for noticing a host that vanished without closing its sockets
 * @param mergeInterval how often a member that is alone (or in a minority cluster) looks for the
 *     managers again and merges into their cluster; also when {@link
 *     Membership#updateManagers(List)} takes effect
 */
public record MembershipConfig(
    String clusterId,
    String nodeId,
    String advertiseAddress,
    int port,
    List<String> managers,
    Duration heartbeatInterval,
    Duration maxNoHeartbeat,
    Duration mergeInterval) {

  /** Docker Swarm's gossip port; ours carries the same kind of traffic (liveness). */
  public static final int DEFAULT_PORT = 7946;
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
  /**
   * 3 silent heartbeats: a vanished host is DOWN and its tasks replaced in about 3.5 s (the target is
   * under 5 s; with 5 s here it took 5.7 s). A JVM pause longer than this makes a false DOWN, whose
   * only cost is that its tasks move (the returning node stops its stale ones).
   */
  public static final Duration DEFAULT_MAX_NO_HEARTBEAT = Duration.ofSeconds(3);
  public static final Duration DEFAULT_MERGE_INTERVAL = Duration.ofSeconds(5);

  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern ENDPOINT = Pattern.compile("[A-Za-z0-9.\\-]+(:\\d{1,5})?");

  public MembershipConfig {
    managers = managers == null ? List.of() : List.copyOf(managers);
    heartbeatInterval = heartbeatInterval == null ? DEFAULT_HEARTBEAT_INTERVAL : heartbeatInterval;
    maxNoHeartbeat = maxNoHeartbeat == null ? DEFAULT_MAX_NO_HEARTBEAT : maxNoHeartbeat;
    mergeInterval = mergeInterval == null ? DEFAULT_MERGE_INTERVAL : mergeInterval;
    List<String> problems = new ArrayList<>();
    if (clusterId == null || clusterId.isBlank()) {
      problems.add("membership: the cluster id is empty");
    }
    if (nodeId == null || nodeId.isBlank()) {
      problems.add("membership: the node id is empty");
    }
    if (advertiseAddress == null || !IPV4.matcher(advertiseAddress).matches()) {
      problems.add("membership: advertise address '" + advertiseAddress + "' is not an IPv4 address");
    }
    if (port < 1 || port > 65535) {
      problems.add("membership: port " + port + " is outside 1-65535");
    }
    for (String m : managers) {
      if (m == null || !ENDPOINT.matcher(m).matches() || !portOk(m)) {
        problems.add("membership: manager address '" + m + "' is not host or host:port (port 1-65535)");
      }
    }
    problems.addAll(wholeSeconds("heartbeat interval", heartbeatInterval));
    problems.addAll(wholeSeconds("max no-heartbeat time", maxNoHeartbeat));
    problems.addAll(wholeSeconds("merge interval", mergeInterval));
    if (maxNoHeartbeat.compareTo(heartbeatInterval) <= 0) {
      problems.add("membership: max no-heartbeat time (" + maxNoHeartbeat.toSeconds()
          + " s) must exceed the heartbeat interval (" + heartbeatInterval.toSeconds() + " s)");
    }
    if (!problems.isEmpty()) {
      throw SwarmException.invalid(problems);
    }
  }

  /** Defaults for everything but the identity, the address and the managers. */
  public static MembershipConfig of(String clusterId, String nodeId, String advertiseAddress, List<String> managers) {
    return new MembershipConfig(clusterId, nodeId, advertiseAddress, DEFAULT_PORT, managers, null, null, null);
  }

  public MembershipConfig withPort(int newPort) {
    return new MembershipConfig(clusterId, nodeId, advertiseAddress, newPort, managers, heartbeatInterval,
        maxNoHeartbeat, mergeInterval);
  }

  public MembershipConfig withManagers(List<String> newManagers) {
    return new MembershipConfig(clusterId, nodeId, advertiseAddress, port, newManagers, heartbeatInterval,
        maxNoHeartbeat, mergeInterval);
  }

  public MembershipConfig withFailureDetection(Duration interval, Duration maxSilence) {
    return new MembershipConfig(clusterId, nodeId, advertiseAddress, port, managers, interval, maxSilence,
        mergeInterval);
  }

  public MembershipConfig withMergeInterval(Duration interval) {
    return new MembershipConfig(clusterId, nodeId, advertiseAddress, port, managers, heartbeatInterval,
        maxNoHeartbeat, interval);
  }

  /** This member's own endpoint, {@code advertiseAddress:port}. */
  public String endpoint() {
    return advertiseAddress + ":" + port;
  }

  private static boolean portOk(String endpoint) {
    int colon = endpoint.indexOf(':');
    if (colon < 0) {
      return true;
    }
    int p = Integer.parseInt(endpoint.substring(colon + 1));
    return p >= 1 && p <= 65535;
  }

  private static List<String> wholeSeconds(String what, Duration d) {
    Objects.requireNonNull(d);
    if (d.isNegative() || d.toSeconds() < 1 || d.toMillis() % 1000 != 0) {
      return List.of("membership: " + what + " must be a whole number of seconds, at least 1 (got " + d + ")");
    }
    return List.of();
  }
}
