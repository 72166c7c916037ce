package swarm.manager.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import swarm.core.error.SwarmException;
import swarm.core.object.Node;

class NodeIdentityCertTest {
  private static final CertificateAuthority CA = PkiFixture.authority("c0ffee");

  @Test
  void readsNodeRoleAndClusterFromTheSubject() {
    TlsMaterial manager = PkiFixture.enroll(CA, "abc123", Node.Role.MANAGER);

    assertThat(NodeIdentityCert.of(manager.nodeCertificate()))
        .isEqualTo(new NodeIdentityCert("abc123", Node.Role.MANAGER, "c0ffee"));
    assertThat(manager.identity().organizationalUnit()).isEqualTo("swarm-manager");
  }

  @Test
  void theRootCertificateIsNotANodeCertificate() {
    assertThatThrownBy(() -> NodeIdentityCert.of(CA.rootCa().certificate()))
        .isInstanceOf(SwarmException.class).hasMessageContaining("is not a swarm node certificate");
  }

  @Test
  void anUnknownOuIsNotARole() {
    assertThatThrownBy(() -> NodeIdentityCert.roleOf("swarm-admin"))
        .isInstanceOf(SwarmException.class).hasMessageContaining("'swarm-admin' is not a swarm role");
  }

  @Test
  void idsThatCouldConfuseASubjectAreRefused() {
    assertThatThrownBy(() -> new NodeIdentityCert("n1,O=evil", Node.Role.WORKER, "c1"))
        .isInstanceOf(SwarmException.class).hasMessageContaining("is not a valid node id");
    assertThatThrownBy(() -> new NodeIdentityCert("n1", Node.Role.WORKER, ""))
        .isInstanceOf(SwarmException.class).hasMessageContaining("is not a valid cluster id");
  }
}
