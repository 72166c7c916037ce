package swarm.net.membership;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.InterfacesConfig;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.config.TcpIpConfig;
import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.spi.properties.HazelcastProperty;
import java.time.Duration;
import java.util.List;

/**
 * Turns a {@link MembershipConfig} into Hazelcast's {@link Config}: every Hazelcast setting we
 * depend on is here, with the reason for it. Stateless.
 */
final class MemberSettings {
  /** Member attribute carrying the swarm node id; the only thing a member tells the others. */
  static final String NODE_ID_ATTRIBUTE = "swarm.node.id";

  /**
   * TCP-IP join: how long a joining member waits for a listed address to answer before trying the
   * next round or, when none answers, becoming a cluster of one (later merged, see merge interval).
   * Hazelcast's default is 5 s; our members are on one LAN.
   */
  private static final int JOIN_CONNECTION_TIMEOUT_SECONDS = 2;
  /** The master batches join requests that arrive within this window (default 5 s: too slow). */
  private static final int WAIT_SECONDS_BEFORE_JOIN = 1;
  private static final int MAX_WAIT_SECONDS_BEFORE_JOIN = 3;
  /**
   * Graceful shutdown waits for partition migration (default 600 s). Membership keeps no data that
   * must survive, so close() stays bounded.
   */
  private static final Duration GRACEFUL_SHUTDOWN_MAX_WAIT = Duration.ofSeconds(10);

  private MemberSettings() {}

  static Config of(MembershipConfig cfg) {
    Config config = new Config();
    config.setClusterName(cfg.clusterId());
    // Instance names are unique per JVM; tests run several members in one.
    config.setInstanceName("swarm-membership-" + cfg.nodeId() + "-" + cfg.port());
    config.getMemberAttributeConfig().setAttribute(NODE_ID_ATTRIBUTE, cfg.nodeId());
    config.getJetConfig().setEnabled(false);
    // Hazelcast's own operations do not use Java serialization; its filter (off by default) refuses
    // known deserialization gadgets should a peer send some.
    config.getSerializationConfig().setJavaSerializationFilterConfig(new JavaSerializationFilterConfig());

    // Advanced network with a member endpoint only: the port speaks the member protocol and
    // nothing else. The default single-endpoint setup would also accept Hazelcast clients, which
    // Community Hazelcast cannot authenticate (docs/security.md).
    AdvancedNetworkConfig network = config.getAdvancedNetworkConfig().setEnabled(true);
    network.setMemberEndpointConfig(new ServerSocketEndpointConfig()
        .setPort(cfg.port())
        .setPortAutoIncrement(false)
        .setPublicAddress(cfg.endpoint())
        .setInterfaces(new InterfacesConfig().setEnabled(true).addInterface(cfg.advertiseAddress())));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig()
        .setEnabled(true)
        .setConnectionTimeoutSeconds(JOIN_CONNECTION_TIMEOUT_SECONDS)
        .setMembers(joinMembers(cfg, cfg.managers()));

    // Bind to the advertise address only, never 0.0.0.0.
    set(config, ClusterProperty.SOCKET_BIND_ANY, false);
    set(config, ClusterProperty.SOCKET_SERVER_BIND_ANY, false);
    set(config, ClusterProperty.SOCKET_CLIENT_BIND_ANY, false);

    // Failure detection: deadline detector, heartbeat every interval, a member silent for
    // maxNoHeartbeat is suspected and removed (Hazelcast's defaults: 5 s and 60 s).
    set(config, ClusterProperty.HEARTBEAT_FAILURE_DETECTOR_TYPE, "deadline");
    set(config, ClusterProperty.HEARTBEAT_INTERVAL_SECONDS, cfg.heartbeatInterval().toSeconds());
    set(config, ClusterProperty.MAX_NO_HEARTBEAT_SECONDS, cfg.maxNoHeartbeat().toSeconds());

    // A member that came up alone (managers unreachable, or not yet admitted by their firewall)
    // looks for them again this often and merges; Hazelcast's defaults are 300 s then 120 s.
    set(config, ClusterProperty.MERGE_FIRST_RUN_DELAY_SECONDS, cfg.mergeInterval().toSeconds());
    set(config, ClusterProperty.MERGE_NEXT_RUN_DELAY_SECONDS, cfg.mergeInterval().toSeconds());

    set(config, ClusterProperty.WAIT_SECONDS_BEFORE_JOIN, WAIT_SECONDS_BEFORE_JOIN);
    set(config, ClusterProperty.MAX_WAIT_SECONDS_BEFORE_JOIN, MAX_WAIT_SECONDS_BEFORE_JOIN);
    set(config, ClusterProperty.GRACEFUL_SHUTDOWN_MAX_WAIT, GRACEFUL_SHUTDOWN_MAX_WAIT.toSeconds());

    set(config, ClusterProperty.PHONE_HOME_ENABLED, false);
    // The daemon closes membership in its own shutdown order.
    set(config, ClusterProperty.SHUTDOWNHOOK_ENABLED, false);
    set(config, ClusterProperty.LOGGING_TYPE, "slf4j");
    return config;
  }

  /** The tcp-ip member list Hazelcast reads at every join and merge search. */
  static TcpIpConfig tcpIp(Config config) {
    return config.getAdvancedNetworkConfig().getJoin().getTcpIpConfig();
  }

  /**
   * The managers' endpoints, with this member's port where none is given (auto-increment is off,
   * so Hazelcast would use our own port anyway; explicit is clearer in its logs).
   */
  static List<String> joinMembers(MembershipConfig cfg, List<String> managers) {
    return managers.stream().map(m -> m.contains(":") ? m : m + ":" + cfg.port()).distinct().toList();
  }

  private static void set(Config config, HazelcastProperty key, Object value) {
    config.setProperty(key.getName(), String.valueOf(value));
  }
}
