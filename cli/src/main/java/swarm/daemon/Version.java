package swarm.daemon;

/** This build's version and the Docker Engine API version it speaks. */
public final class Version {
  public static final String VERSION = "0.1.0";
  public static final String API = "1.41";

  private Version() {}
}
