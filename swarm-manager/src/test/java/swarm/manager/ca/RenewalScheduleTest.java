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

  private static Instant at(double fraction) {
    long from = CERT.getNotBefore().getTime();
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
