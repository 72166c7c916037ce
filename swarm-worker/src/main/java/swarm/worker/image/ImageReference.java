package swarm.worker.image;

import java.util.regex.Pattern;
import swarm.core.error.SwarmException;

/**
 * A parsed image reference {@code name[:tag][@sha256:<hex>]} in Docker's familiar form: the
 * Docker Hub prefixes ({@code docker.io/library/}) are dropped so {@code busybox} and
 * {@code docker.io/library/busybox} name the same image. {@code tag} is null only when a digest
 * pins the image without one. Immutable.
 */
public record ImageReference(String name, String tag, String digest) {
  public static final String DEFAULT_TAG = "latest";
  private static final Pattern NAME = Pattern.compile("[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?::[0-9]+)?"
      + "(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
  private static final Pattern TAG = Pattern.compile("\\w[\\w.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  /** docker/distribution's reference.NameTotalLengthMax: the whole name, registry and path, without tag. */
  public static final int NAME_MAX = 255;

  /** Parses {@code text}; a reference without tag or digest gets the tag {@code latest}. */
  public static ImageReference parse(String text) {
    String rest = text == null ? "" : text.trim();
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (!DIGEST.matcher(digest).matches()) {
        throw invalid(text, "the digest must be sha256: followed by 64 lowercase hex digits");
      }
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw invalid(text, "a tag is up to 128 letters, digits, '_', '.' or '-'");
      }
    }
    if (rest.length() > NAME_MAX) {
      throw invalid(shorten(text), "repository name must not be more than " + NAME_MAX + " characters (it has "
          + rest.length() + ")");
    }
    String name = familiar(rest);
    if (name.isEmpty() || !NAME.matcher(name).matches()) {
      throw invalid(text, "use name[:tag] with a lowercase name such as busybox or registry:5000/team/app");
    }
    return new ImageReference(name, tag == null && digest == null ? DEFAULT_TAG : tag, digest);
  }

  /** {@code name:tag}, the key under which tags are stored; null for a digest-only reference. */
  public String nameTag() {
    return tag == null ? null : name + ":" + tag;
  }

  @Override
  public String toString() {
    return name + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }

  private static String familiar(String name) {
    for (String prefix : new String[] {"docker.io/library/", "index.docker.io/library/", "docker.io/",
        "index.docker.io/"}) {
      if (name.startsWith(prefix)) {
        return name.substring(prefix.length());
      }
    }
    return name;
  }

  private static String shorten(String text) {
    return text.substring(0, 40) + "..." + text.substring(text.length() - 10);
  }

  private static SwarmException invalid(String text, String allowed) {
    return SwarmException.invalid("invalid image reference '" + text + "': " + allowed);
  }
}
