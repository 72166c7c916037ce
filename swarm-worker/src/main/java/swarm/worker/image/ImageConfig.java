package swarm.worker.image;

import java.util.List;

/** The run defaults an image carries (the {@code config} of an OCI image config). Immutable. */
public record ImageConfig(List<String> env, List<String> entrypoint, List<String> cmd, String workingDir,
                          String user) {
  public static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  public ImageConfig {
    env = env == null ? List.of() : List.copyOf(env);
    entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
    cmd = cmd == null ? List.of() : List.copyOf(cmd);
    workingDir = workingDir == null ? "" : workingDir;
    user = user == null ? "" : user;
  }
}
