package swarm.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import swarm.core.error.SwarmException;
import swarm.core.log.CommandBatch;
import swarm.core.log.StoreCommand;
import swarm.core.object.Node;
import swarm.core.object.Service;
import swarm.core.identity.Identity;
import swarm.manager.ca.CertificateAuthority;
import swarm.manager.ca.NodeKeyPair;
import swarm.manager.ca.TlsMaterial;
import swarm.manager.raft.RaftNode;
import swarm.manager.raft.RaftPeerAddress;
import swarm.manager.raft.RaftSettings;
import swarm.manager.state.Store;
import swarm.manager.testing.ManagerCluster;
import swarm.manager.testing.StateBuilder;

/** Raft between managers over mutual TLS: only managers certified by the swarm's CA take part. */
class ManagerTlsTest {
  // The JDK checks certificate dates against the system clock during handshakes.
  private static final CertificateAuthority CA = CertificateAuthority.create("cluster1", Clock.systemUTC());
  private static final CertificateAuthority OTHER_CA = CertificateAuthority.create("cluster1", Clock.systemUTC());

  @TempDir
  Path root;

  private static TlsMaterial certified(CertificateAuthority ca, String nodeId, Node.Role role) {
    NodeKeyPair keys = NodeKeyPair.generate();
    return new TlsMaterial(ca.rootCa().certificate(),
        ca.issueForLocalNode(nodeId, role, keys.csr(nodeId), List.of(InetAddress.getLoopbackAddress())).certificate(),
        keys.privateKey());
  }

  @Test
  void managersOfOneCaFormAGroupOverMutualTlsAndOutsidersCannotWrite() throws IOException {
    try (ManagerCluster cluster = ManagerCluster.start(root, 3,
        (id, cfg) -> cfg.withTls(certified(CA, id, Node.Role.MANAGER)))) {
      Service web = cluster.followers().get(0).controlApi().createService(StateBuilder.spec("web", 0));
      for (Manager m : cluster.running()) {
        assertThat(m.controlApi().service("web").id()).isEqualTo(web.id());
      }
      Manager any = cluster.leader();

      // Same ids, valid certificates, but not a manager of this CA: every request fails in the handshake.
      assertRefused(any, certified(OTHER_CA, "m9", Node.Role.MANAGER), "stranger");
      assertRefused(any, certified(CA, "w1", Node.Role.WORKER), "worker");

      assertThat(any.raftMembers()).extracting(RaftPeerAddress::peerId).containsExactly("m1", "m2", "m3");
      assertThat(any.controlApi().services()).extracting(s -> s.spec().name()).containsExactly("web");
    }
  }

  /** A Raft node with {@code tls} tries to write to the group and to join it: both fail. */
  private void assertRefused(Manager member, TlsMaterial tls, String dir) throws IOException {
    RaftSettings settings = RaftSettings.of(root.resolve(dir), "127.0.0.1", 0, 10_000).withTls(tls)
        .withRequestTimeout(Duration.ofSeconds(2));
    try (RaftNode outsider = RaftNode.join(settings, tls.identity().nodeId(), member.raftGroupId(),
        member.raftMembers(), new Store())) {
      Service intruder = new Service(Identity.newId(), null, null, null, StateBuilder.spec("intruder", 0), null);
      assertThatThrownBy(() -> outsider.commit(CommandBatch.of(new StoreCommand.CreateService(intruder)),
          Duration.ofSeconds(3)))
          .isInstanceOfSatisfying(SwarmException.class,
              e -> assertThat(e.kind()).isEqualTo(SwarmException.Kind.UNAVAILABLE));
      // Joining means asking the leader to add it: refused in the handshake as well.
      assertThatThrownBy(() -> outsider.addPeer(outsider.peerId(), outsider.address(), Duration.ofSeconds(3)).join())
          .hasCauseInstanceOf(SwarmException.class);
    }
  }
}
