package swarm.net.lb;

import java.time.Duration;

/**
 * Settings of load balancing, each a typed key with its default and a validated getter (the way Ratis's
 * {@code RaftServerConfigKeys} does it), read from system properties so a test or an operator can change them
 * without a config file.
 */
public final class LbSettings {
  private LbSettings() {}

  /**
   * How long an established TCP connection through a VIP may stay idle before conntrack forgets it and the next
   * packet is reset. Swarm's IPVS cuts at 900 s (moby#31208); we keep a day unless told otherwise.
   */
  public static final class VipIdleTimeout {
    public static final String KEY = "swarm.lb.vipIdleTimeout";
    public static final Duration DEFAULT = Duration.ofHours(24);

    private VipIdleTimeout() {}

    /** The value of {@value #KEY} (ISO-8601 such as {@code PT24H}, or whole seconds), or {@link #DEFAULT}. */
    public static Duration get() {
      return parse(System.getProperty(KEY));
    }

    static Duration parse(String text) {
      if (text == null || text.isBlank()) {
        return DEFAULT;
      }
      Duration d;
      try {
        d = text.strip().startsWith("P") ? Duration.parse(text.strip()) : Duration.ofSeconds(Long.parseLong(
            text.strip()));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("invalid " + KEY + " '" + text + "': give whole seconds (86400) or an "
            + "ISO-8601 duration (PT24H)");
      }
      if (d.toSeconds() < 1 || d.toSeconds() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("invalid " + KEY + " '" + text + "': must be 1 s to "
            + Integer.MAX_VALUE + " s");
      }
      return d;
    }
  }
}
