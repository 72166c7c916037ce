package swarm.cli.format;

/** Image references as docker shows them in tables: without the {@code @sha256:...} pin added at service create. */
public final class ImageNames {
  private ImageNames() {}

  public static String withoutDigest(String image) {
    if (image == null) {
      return "";
    }
    int at = image.indexOf('@');
    return at < 0 ? image : image.substring(0, at);
  }

  /** Splits {@code repo[:tag]} into repository and tag ({@code latest} when absent); a port is not a tag. */
  public static String[] repositoryAndTag(String reference) {
    String ref = withoutDigest(reference);
    int colon = ref.lastIndexOf(':');
    if (colon > ref.lastIndexOf('/') && colon > 0) {
      return new String[] {ref.substring(0, colon), ref.substring(colon + 1)};
    }
    return new String[] {ref, "latest"};
  }
}
