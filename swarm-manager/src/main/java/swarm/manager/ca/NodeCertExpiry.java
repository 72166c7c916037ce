package swarm.manager.ca;

import java.time.Duration;
import java.util.Objects;
import swarm.core.error.SwarmException;

/**
 * How long node certificates are valid (Swarm's {@code --cert-expiry}): 90 days (2160h) by default, at least
 * one hour. Immutable and thread-safe.
 *
 * @param duration the validity of each newly issued node certificate
 */
public record NodeCertExpiry(Duration duration) {
  public static final Duration DEFAULT_DURATION = Duration.ofDays(90);
  /**
   * Swarm's minimum, one hour. A test swarm may lower it with the system property
   * {@value #MINIMUM_PROPERTY} (seconds) to watch certificates renew within a test's time; never set it
   * in production.
   */
  public static final String MINIMUM_PROPERTY = "swarm.ca.minimumCertExpirySeconds";
  public static final Duration MINIMUM = Duration.ofSeconds(Long.getLong(MINIMUM_PROPERTY, 3600));
  public static final NodeCertExpiry DEFAULT = new NodeCertExpiry(DEFAULT_DURATION);

  /** @throws SwarmException INVALID below one hour, saying the minimum */
  public NodeCertExpiry {
    Objects.requireNonNull(duration, "duration");
    if (duration.compareTo(MINIMUM) < 0) {
      throw SwarmException.invalid("node certificate expiry must be at least " + format(MINIMUM) + ", got "
          + format(duration));
    }
  }

  public static NodeCertExpiry of(Duration duration) {
    return new NodeCertExpiry(duration);
  }

  /** Go's duration style ({@code 2160h0m0s}), as docker prints {@code --cert-expiry}. */
  static String format(Duration d) {
    String sign = d.isNegative() ? "-" : "";
    Duration a = d.abs();
    return sign + a.toHours() + "h" + a.toMinutesPart() + "m" + a.toSecondsPart() + "s";
  }
}
