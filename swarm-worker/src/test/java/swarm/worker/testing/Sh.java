package swarm.worker.testing;

import swarm.net.sys.HostCommand;

/** Runs a shell command for a test and returns its stdout; fails the test when it fails. */
public final class Sh {
  private Sh() {}

  public static String run(String script) {
    HostCommand.Result r = HostCommand.of("sh", "-c", script).run();
    if (!r.ok()) {
      throw new AssertionError(r.failure());
    }
    return r.stdout();
  }

  public static HostCommand.Result tryRun(String script) {
    return HostCommand.of("sh", "-c", script).run();
  }
}
