package swarm.core.testing;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Gives every {@code await()} without its own {@code atMost} 60 s instead of Awaitility's 10 s, in every module whose
 * tests have this test-jar on their classpath (registered through {@code META-INF/services}). A test waits for an
 * outcome, and on a machine whose cores are busy with other work a TLS handshake or a JVM start can take seconds:
 * the bound is there to end a test that will never pass, not to time the code.
 */
public final class LoadedMachineTimeouts implements LauncherSessionListener {
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    Awaitility.setDefaultTimeout(DEFAULT_WAIT);
  }
}
