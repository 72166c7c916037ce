package swarm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bad input against a real daemon: one line starting with {@code error:} that names the problem,
 * exit code 1, no stack trace, and nothing changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
  private TestDaemon daemon;

  @BeforeAll
  void startSwarmWithOneService() throws Exception {
    daemon = TestDaemon.startSwarmWithBusyboxOrSkip();
    assertThat(daemon.cli("service", "create", "--name", "web", "--replicas", "1", "--stop-grace-period", "1s",
        "busybox:test", "sleep", "3600").code()).isZero();
  }

  @AfterAll
  void tearDown() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  /** Refused as {@link TestDaemon#refused} checks, in one line. */
  private void refused(String expected, String... args) throws Exception {
    TestDaemon.Result r = daemon.refused(expected, args);
    assertThat(r.err().lines().filter(l -> !l.isBlank()).toList()).as(r.err()).hasSize(1);
  }

  @Test
  void unknownImageIsRefused() throws Exception {
    refused("nosuchimage", "service", "create", "--name", "api", "--detach", "nosuchimage:1");
  }

  @Test
  void negativeOrNonNumericReplicasAreRefused() throws Exception {
    refused("--replicas", "service", "create", "--name", "api", "--replicas", "-1", "busybox:test");
    refused("--replicas", "service", "create", "--name", "api", "--replicas", "abc", "busybox:test");
    refused("abc", "service", "scale", "web=abc");
  }

  @Test
  void duplicateServiceNameIsRefused() throws Exception {
    refused("web", "service", "create", "--name", "web", "--detach", "busybox:test");
  }

  @Test
  void unknownServiceIsRefused() throws Exception {
    refused("nosuch", "service", "ps", "nosuch");
    refused("nosuch", "service", "rm", "nosuch");
    refused("nosuch", "service", "scale", "nosuch=2");
    refused("nosuch", "service", "inspect", "nosuch");
  }

  @Test
  void badMemorySizeIsRefused() throws Exception {
    refused("--limit-memory", "service", "create", "--name", "api", "--limit-memory", "12Q", "busybox:test");
  }

  @Test
  void valuesDockerRefusesAreRefused() throws Exception {
    refused("--limit-memory", "service", "create", "--name", "api", "--limit-memory", "99999999999G", "busybox:test");
    refused("SIGBOGUS", "service", "create", "--name", "api", "--stop-signal", "SIGBOGUS", "busybox:test");
    refused("rel/dir", "service", "create", "--name", "api", "-w", "rel/dir", "busybox:test");
    refused("--limit-cpu", "service", "create", "--name", "api", "--limit-cpu", "9223372036", "busybox:test");
    refused("255 characters", "service", "create", "--name", "api", "a".repeat(300));
  }

  @Test
  void unknownFlagIsRefused() throws Exception {
    refused("--bogus", "service", "create", "--bogus", "--name", "api", "busybox:test");
  }

  @Test
  void imageInUseByAServiceIsNotRemoved() throws Exception {
    refused("in use by service web", "image", "rm", "busybox:test");
    assertThat(daemon.cli("image", "ls").out()).contains("busybox");
  }

  @Test
  void daemonNotRunningSaysWhereItLooked() throws Exception {
    Path nowhere = daemon.dir.resolve("nowhere.sock");
    java.util.List<String> cmd = new java.util.ArrayList<>(TestDaemon.javaCommand());
    cmd.addAll(java.util.List.of("-H", "unix://" + nowhere, "service", "ls"));
    Process p = new ProcessBuilder(cmd).start();
    String err = new String(p.getErrorStream().readAllBytes());
    assertThat(p.waitFor()).isEqualTo(1);
    assertThat(err).startsWith("error: ").contains(nowhere.toString()).contains("swarm daemon");
  }

  @Test
  void socketTheUserMayNotOpenSaysPermissionDenied() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv (util-linux)");
    Path locked = daemon.dir.resolve("locked.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(locked));
      Files.setPosixFilePermissions(locked, Set.of());
      // Root without the capabilities that override file modes is refused a mode-0 socket as any user is.
      List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--bounding-set=-dac_override,-dac_read_search"));
      cmd.addAll(TestDaemon.javaCommand());
      cmd.addAll(List.of("-H", "unix://" + locked, "service", "ls"));
      Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      String err = new String(p.getErrorStream().readAllBytes());
      assertThat(p.waitFor()).as(err).isEqualTo(1);
      assertThat(err.lines().filter(l -> !l.isBlank()).toList()).as(err).hasSize(1);
      assertThat(err).startsWith("error: permission denied while trying to connect to the swarm daemon socket at unix://"
          + locked).doesNotContain("refused", "Exception");
    }
  }
}
