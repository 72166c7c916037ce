package swarm.manager.ca;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import swarm.core.error.SwarmException;

/**
 * A join token in Swarm's format: {@code SWMTKN-1-} + 50 base-36 characters of the SHA-256 of the root CA
 * certificate + {@code -} + 25 base-36 characters of a 128-bit random secret, both left-padded with zeros. The digest
 * lets a joining node check the manager's CA before sending anything; the secret decides the role. Immutable and
 * thread-safe.
 *
 * <p>{@link #toString()} hides the secret so a token never lands in a log by accident; {@link #text()} is the whole
 * token. {@link #equals} and {@link #secretEquals} compare in constant time.
 */
public final class JoinToken {
  public static final String PREFIX = "SWMTKN-1-";
  public static final int DIGEST_CHARS = 50;
  public static final int SECRET_CHARS = 25;
  static final int DIGEST_BYTES = 32;
  static final int SECRET_BYTES = 16;
  private static final String FORMAT = "a join token looks like " + PREFIX + "<" + DIGEST_CHARS
      + " characters 0-9a-z>-<" + SECRET_CHARS + " characters 0-9a-z>, as printed by 'swarm join-token worker|manager'";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] caDigest;
  private final byte[] secret;
  private final String text;

  private JoinToken(byte[] caDigest, byte[] secret) {
    this.caDigest = caDigest;
    this.secret = secret;
    this.text = PREFIX + base36(caDigest, DIGEST_CHARS) + "-" + base36(secret, SECRET_CHARS);
  }

  /** A new token for {@code ca} with a fresh random secret. */
  public static JoinToken generate(RootCa ca) {
    return generate(ca.certificate());
  }

  public static JoinToken generate(X509Certificate caCert) {
    return new JoinToken(RootCa.sha256Digest(caCert), newSecret());
  }

  /**
   * Reads a token as a person pasted it (surrounding whitespace is ignored).
   *
   * @throws SwarmException INVALID saying what is wrong and what a token looks like; never echoes the token
   */
  public static JoinToken parse(String token) {
    if (token == null || token.isBlank()) {
      throw SwarmException.invalid("the join token is empty; " + FORMAT);
    }
    String t = token.strip();
    if (!t.startsWith(PREFIX)) {
      throw SwarmException.invalid("the join token does not start with " + PREFIX + "; " + FORMAT);
    }
    String[] parts = t.substring(PREFIX.length()).split("-", -1);
    if (parts.length != 2) {
      throw SwarmException.invalid("the join token has " + (parts.length + 2) + " dash-separated parts, not 4; "
          + FORMAT);
    }
    byte[] digest = decode(parts[0], DIGEST_CHARS, DIGEST_BYTES, "CA digest");
    byte[] secret = decode(parts[1], SECRET_CHARS, SECRET_BYTES, "secret");
    return new JoinToken(digest, secret);
  }

  /** Whether the digest in this token is the SHA-256 of {@code caCert}: the CA a joining node was told to trust. */
  public boolean matchesCa(X509Certificate caCert) {
    return MessageDigest.isEqual(caDigest, RootCa.sha256Digest(caCert));
  }

  /** Whether both tokens carry the same secret, compared in constant time. */
  public boolean secretEquals(JoinToken other) {
    return MessageDigest.isEqual(secret, other.secret);
  }

  /** The same CA digest with a new random secret: the old token stops working, nodes already joined are unaffected. */
  public JoinToken rotate() {
    return new JoinToken(caDigest, newSecret());
  }

  /** The SHA-256 of the CA certificate this token pins (a copy). */
  public byte[] caDigest() {
    return caDigest.clone();
  }

  /** The whole token, secret included: what {@code swarm join-token} prints and {@code swarm join} takes. */
  public String text() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JoinToken other && MessageDigest.isEqual(caDigest, other.caDigest) && secretEquals(other);
  }

  /** From the digest only, so hashing a token says nothing about its secret. */
  @Override
  public int hashCode() {
    return Arrays.hashCode(caDigest);
  }

  /** The token with its secret masked, for logs. */
  @Override
  public String toString() {
    return text.substring(0, PREFIX.length() + DIGEST_CHARS + 1) + "*".repeat(SECRET_CHARS);
  }

  private static byte[] newSecret() {
    byte[] s = new byte[SECRET_BYTES];
    RANDOM.nextBytes(s);
    return s;
  }

  private static String base36(byte[] bytes, int width) {
    String digits = new BigInteger(1, bytes).toString(36);
    return "0".repeat(width - digits.length()) + digits;
  }

  private static byte[] decode(String part, int chars, int bytes, String what) {
    if (part.length() != chars) {
      throw SwarmException.invalid("the " + what + " part of the join token has " + part.length()
          + " characters, not " + chars + "; " + FORMAT);
    }
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z')) {
        throw SwarmException.invalid("the " + what + " part of the join token holds a character other than 0-9 and "
            + "a-z; " + FORMAT);
      }
    }
    BigInteger value = new BigInteger(part, 36);
    if (value.bitLength() > bytes * 8) {
      throw SwarmException.invalid("the " + what + " part of the join token is larger than " + bytes * 8 + " bits; "
          + FORMAT);
    }
    byte[] raw = value.toByteArray(); // big-endian, may carry a leading sign byte or be shorter than `bytes`
    byte[] out = new byte[bytes];
    int copy = Math.min(raw.length, bytes);
    System.arraycopy(raw, raw.length - copy, out, bytes - copy, copy);
    return out;
  }
}
