package swarm.core.identity;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Random object ids like swarmkit's {@code identity.NewID}: 128 random bits in base 36, left-padded
 * to 25 lowercase alphanumeric characters. Thread-safe. Only controllers and the control API make
 * ids; the log applier never does (it must be deterministic).
 */
public final class Identity {
  public static final int LENGTH = 25;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Identity() {}

  public static String newId() {
    byte[] bits = new byte[16];
    RANDOM.nextBytes(bits);
    String text = new BigInteger(1, bits).toString(36);
    return "0".repeat(LENGTH - text.length()) + text;
  }
}
