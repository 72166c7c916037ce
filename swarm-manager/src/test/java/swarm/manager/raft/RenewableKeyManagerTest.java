package swarm.manager.raft;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import swarm.core.object.Node;
import swarm.manager.ca.CertificateAuthority;
import swarm.manager.ca.PkiFixture;
import swarm.manager.ca.TlsMaterial;

class RenewableKeyManagerTest {
  private final CertificateAuthority ca = PkiFixture.liveAuthority("c1");
  private final TlsMaterial first = PkiFixture.enroll(ca, "m1", Node.Role.MANAGER);
  private final TlsMaterial renewed = PkiFixture.enroll(ca, "m1", Node.Role.MANAGER);

  @Test
  void afterARenewalHandshakesPresentTheNewCertificate() {
    RenewableKeyManager keys = new RenewableKeyManager(first);
    String before = keys.chooseEngineServerAlias("EC", null, null);
    assertThat(keys.getCertificateChain(before)[0]).isEqualTo(first.nodeCertificate());

    keys.use(renewed);

    String after = keys.chooseEngineServerAlias("EC", null, null);
    assertThat(after).isNotEqualTo(before);
    assertThat(keys.getCertificateChain(after)[0]).isEqualTo(renewed.nodeCertificate());
    assertThat(keys.getPrivateKey(after)).isEqualTo(renewed.nodeKey());
    assertThat(keys.chooseEngineClientAlias(new String[] {"EC"}, null, null)).isEqualTo(after);
  }

  @Test
  void aHandshakeThatChoseTheOldAliasJustBeforeTheRenewalStillGetsItsChain() {
    RenewableKeyManager keys = new RenewableKeyManager(first);
    String chosen = keys.chooseEngineServerAlias("EC", null, null);

    keys.use(renewed);

    assertThat(keys.getCertificateChain(chosen)[0]).isEqualTo(first.nodeCertificate());
    assertThat(keys.getPrivateKey(chosen)).isEqualTo(first.nodeKey());
  }
}
