package swarm.worker.image;

import java.util.List;
import swarm.core.spec.HealthConfig;

/**
 * The run defaults an image carries (the {@code config} of an OCI image config), including
 * Docker's {@code Healthcheck} (null when the image has none). Immutable.
 */
public record ImageConfig(List<String> env, List<String> entrypoint, List<String> cmd, String workingDir,
                          String user, HealthConfig healthcheck) {
  public static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  public ImageConfig {
    env = env == null ? List.of() : List.copyOf(env);
    entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
    cmd = cmd == null ? List.of() : List.copyOf(cmd);
    workingDir = workingDir == null ? "" : workingDir;
    user = user == null ? "" : user;
  }

  /** An image without a health check. */
  public ImageConfig(List<String> env, List<String> entrypoint, List<String> cmd, String workingDir, String user) {
    this(env, entrypoint, cmd, workingDir, user, null);
  }
}
