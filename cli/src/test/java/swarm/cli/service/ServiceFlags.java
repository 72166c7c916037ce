package swarm.cli.service;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import swarm.cli.Cli;
import swarm.core.spec.ServiceSpec;

/** Test fixture: service command lines parsed or run as a user types them, for the flag tests of this package. */
final class ServiceFlags {
  private ServiceFlags() {}

  /** {@code before}, then {@code middle}, then {@code after}: a command line around the flags under test. */
  static String[] line(List<String> before, String[] middle, String... after) {
    List<String> all = new ArrayList<>(before);
    all.addAll(Arrays.asList(middle));
    all.addAll(Arrays.asList(after));
    return all.toArray(String[]::new);
  }

  /** {@code swarm service create ARGS}, parsed; nothing is sent. */
  static ServiceCreate create(String... args) {
    return new Cli().parse(line(List.of("service", "create"), args));
  }

  /** The spec of {@code swarm service create ARGS} (bare {@code -e KEY} finds no local value). */
  static ServiceSpec spec(String... args) {
    return create(args).spec(Map.of());
  }

  /** The spec of {@code swarm service create --name web FLAGS busybox}. */
  static ServiceSpec webSpec(String... flags) {
    return spec(line(List.of("--name", "web"), flags, "busybox"));
  }

  /**
   * {@code swarm service create --name web FLAGS busybox} run against a socket in {@code dir} that does not exist:
   * bad input must fail before any request.
   */
  static Cli.Result runWeb(Path dir, String... flags) {
    return new Cli().run(line(List.of("-H", "unix://" + dir.resolve("none.sock"), "service", "create", "--name",
        "web"), flags, "busybox"));
  }
}
