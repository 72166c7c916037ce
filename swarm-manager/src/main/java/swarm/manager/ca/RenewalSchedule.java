package swarm.manager.ca;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Random;

/**
 * When a node renews its certificate: at a random point between {@value #LOWER} and {@value #UPPER} of the
 * certificate's life (Swarm's {@code CertLowerRotationRange} and {@code CertUpperRotationRange}), so a swarm whose
 * nodes joined together does not renew all at once. Stateless and thread-safe if the {@code Random} is.
 */
public final class RenewalSchedule {
  public static final double LOWER = 0.5;
  public static final double UPPER = 0.8;

  private RenewalSchedule() {}

  /**
   * The instant to renew {@code cert}, within [{@code issued + 50 % life}, {@code issued + 80 % life}]. Our
   * certificates start {@link RootCa#BACKDATE} before they were issued (clock skew between hosts); the life counted
   * here starts when they were issued, which matters for short lives (a 30 s certificate is not 5 min old at birth).
   */
  public static Instant renewalTime(X509Certificate cert, Random random) {
    long notBefore = cert.getNotBefore().getTime();
    long issued = notBefore + RootCa.BACKDATE.toMillis();
    long from = issued < cert.getNotAfter().getTime() ? issued : notBefore;
    long life = cert.getNotAfter().getTime() - from;
    double fraction = LOWER + (UPPER - LOWER) * random.nextDouble(); // nextDouble is in [0, 1)
    return Instant.ofEpochMilli(from + (long) (life * fraction));
  }
}
