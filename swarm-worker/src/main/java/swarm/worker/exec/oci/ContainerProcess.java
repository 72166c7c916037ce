package swarm.worker.exec.oci;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import swarm.core.error.SwarmException;
import swarm.core.spec.ContainerSpec;
import swarm.worker.image.ImageConfig;

/**
 * The process a container runs, merged from the service's container spec and the image's
 * defaults with Docker's rules. Immutable.
 *
 * <p>Docker's rules: a service {@code command} replaces the image ENTRYPOINT and drops its CMD;
 * service {@code args} replace the CMD. Environment: PATH default, HOSTNAME, the image's, then the
 * service's (later wins per name). Working dir: the service's, else the image's, else {@code /}.
 */
public record ContainerProcess(List<String> args, List<String> env, String cwd, String user) {
  public ContainerProcess {
    args = List.copyOf(args);
    env = List.copyOf(env);
  }

  public static ContainerProcess of(ContainerSpec spec, ImageConfig image, String hostname) {
    List<String> args = new ArrayList<>();
    if (!spec.command().isEmpty()) {
      args.addAll(spec.command());
      args.addAll(spec.args());
    } else {
      args.addAll(image.entrypoint());
      args.addAll(spec.args().isEmpty() ? image.cmd() : spec.args());
    }
    if (args.isEmpty()) {
      throw SwarmException.invalid("no command specified: the image has no ENTRYPOINT or CMD and the service sets "
          + "no command; give one after the image name");
    }
    Map<String, String> env = new LinkedHashMap<>();
    put(env, ImageConfig.DEFAULT_PATH);
    put(env, "HOSTNAME=" + hostname);
    image.env().forEach(e -> put(env, e));
    spec.env().forEach(e -> put(env, e));
    List<String> merged = new ArrayList<>();
    env.forEach((k, v) -> merged.add(v == null ? k : k + "=" + v));
    String cwd = nonEmpty(spec.dir()) ? spec.dir() : nonEmpty(image.workingDir()) ? image.workingDir() : "/";
    String user = nonEmpty(spec.user()) ? spec.user() : image.user();
    return new ContainerProcess(args, merged, cwd, user);
  }

  /** The process with {@code name=value} added unless the environment already sets {@code name}. */
  public ContainerProcess withDefaultEnv(String name, String value) {
    if (env.stream().anyMatch(e -> e.equals(name) || e.startsWith(name + "="))) {
      return this;
    }
    List<String> e = new ArrayList<>(env);
    e.add(name + "=" + value);
    return new ContainerProcess(args, e, cwd, user);
  }

  private static void put(Map<String, String> env, String entry) {
    int eq = entry.indexOf('=');
    if (eq < 0) {
      env.put(entry, null);
    } else {
      env.put(entry.substring(0, eq), entry.substring(eq + 1));
    }
  }

  private static boolean nonEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
