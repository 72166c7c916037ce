package swarm.core.concurrent;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Executors whose threads never keep the JVM alive (the daemon's shutdown hook decides when it ends). */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** One named daemon thread that runs tasks in order, now or later. */
  public static ScheduledExecutorService scheduler(String name) {
    return Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }
}
