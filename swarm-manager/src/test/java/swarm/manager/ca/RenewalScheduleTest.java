package swarm.manager.ca;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import swarm.core.object.Node;

class RenewalScheduleTest {
  private static final CertificateAuthority CA = PkiFixture.authority("cluster1");
  private static final X509Certificate CERT = PkiFixture.enroll(CA, "node1", Node.Role.WORKER).nodeCertificate();

  /** A fraction of the certificate's life counted from when it was issued (its start is back-dated for skew). */
  private static Instant at(double fraction) {
    long from = CERT.getNotBefore().getTime() + RootCa.BACKDATE.toMillis();
    long life = CERT.getNotAfter().getTime() - from;
    return Instant.ofEpochMilli(from + (long) (life * fraction));
  }

  @Test
  void renewalFallsBetweenHalfAndFourFifthsOfTheCertificatesLife() {
    for (long seed = 0; seed < 2_000; seed++) {
      assertThat(RenewalSchedule.renewalTime(CERT, new Random(seed))).isBetween(at(0.5), at(0.8));
    }
  }

  @Test
  void theExtremesOfTheRandomRangeLandOnTheBounds() {
    assertThat(RenewalSchedule.renewalTime(CERT, fixed(0.0))).isEqualTo(at(0.5));
    assertThat(RenewalSchedule.renewalTime(CERT, fixed(Math.nextDown(1.0)))).isBeforeOrEqualTo(at(0.8)).isAfter(at(0.79));
  }

  @Test
  void aShortLivedCertificateIsRenewedWithinItsLifeCountedFromIssue() {
    CertificateAuthority shortLived = PkiFixture.authority("cluster1");
    shortLived.setNodeCertExpiry(new NodeCertExpiry(NodeCertExpiry.MINIMUM));
    X509Certificate cert = PkiFixture.enroll(shortLived, "node2", Node.Role.WORKER).nodeCertificate();
    Instant issued = cert.getNotBefore().toInstant().plus(RootCa.BACKDATE);
    Duration life = Duration.between(issued, cert.getNotAfter().toInstant());

    Instant renewal = RenewalSchedule.renewalTime(cert, new Random(3));

    assertThat(renewal).isBetween(issued.plus(life.multipliedBy(5).dividedBy(10)),
        issued.plus(life.multipliedBy(8).dividedBy(10)));
  }

  @Test
  void differentNodesRenewAtDifferentTimes() {
    assertThat(List.of(1L, 2L, 3L, 4L).stream().map(s -> RenewalSchedule.renewalTime(CERT, new Random(s))).distinct())
        .hasSize(4);
  }

  @Test
  void aDefaultCertificateIsRenewedAfterFortyFiveToSeventyTwoDays() {
    Instant renewal = RenewalSchedule.renewalTime(CERT, new Random(7));
    Duration fromNow = Duration.between(PkiFixture.NOW, renewal);

    assertThat(fromNow).isBetween(Duration.ofDays(45).minusMinutes(5), Duration.ofDays(72));
  }

  private static Random fixed(double value) {
    return new Random() {
      @Override
      public double nextDouble() {
        return value;
      }
    };
  }
}
