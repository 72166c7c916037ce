package swarm.daemon;

/** This build's version and the Docker Engine API versions it speaks. Stateless. */
public final class Version {
  public static final String VERSION = "0.1.0";
  /** The newest API version served, and the one meant by a path without {@code /vX.Y}. */
  public static final String API = "1.41";
  /** The oldest API version served. */
  public static final String MIN_API = "1.24";

  private Version() {}

  /**
   * Why a request for API version {@code requested} (a path's {@code /v1.41}) is not served, in Docker's words;
   * null when it is.
   */
  public static String unsupported(String requested) {
    if (compare(requested, MIN_API) < 0) {
      return "client version " + requested + " is too old. Minimum supported API version is " + MIN_API
          + ", please upgrade your client to a newer version";
    }
    if (compare(requested, API) > 0) {
      return "client version " + requested + " is too new. Maximum supported API version is " + API;
    }
    return null;
  }

  /** Docker's {@code versions.compare}: dot-separated numbers, a missing or non-numeric part counts as 0. */
  static int compare(String a, String b) {
    String[] x = a.split("\\.", -1);
    String[] y = b.split("\\.", -1);
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int c = Long.compare(part(x, i), part(y, i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static long part(String[] parts, int i) {
    try {
      return i < parts.length ? Long.parseLong(parts[i]) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
