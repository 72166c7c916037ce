package swarm.cli.format;

/** Docker's short ids: 12 characters, without the {@code sha256:} prefix of image ids. */
public final class Ids {
  public static final int SHORT = 12;

  private Ids() {}

  public static String shortId(String id) {
    if (id == null) {
      return "";
    }
    String bare = id.startsWith("sha256:") ? id.substring("sha256:".length()) : id;
    return bare.length() <= SHORT ? bare : bare.substring(0, SHORT);
  }

  /** {@link #shortId} unless {@code noTrunc}. */
  public static String id(String id, boolean noTrunc) {
    return noTrunc ? (id == null ? "" : id) : shortId(id);
  }
}
