package swarm.worker.exec.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import swarm.worker.exec.ExecResult;

/** {@link OciRuntime#exec} against a stand-in runtime that runs the command on the host. */
class OciRuntimeExecTest {
  @TempDir
  Path dir;
  private OciRuntime runtime;

  @BeforeEach
  void fakeRuntime() throws Exception {
    // argv: --root R exec --pid-file F ID CMD...
    Path bin = dir.resolve("fake-runc");
    Files.writeString(bin, "#!/bin/sh\npidfile=$5\nshift 6\n\"$@\" &\nchild=$!\necho $child > \"$pidfile\"\n"
        + "wait $child\n");
    Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwx------"));
    runtime = new OciRuntime(bin.toString(), dir.resolve("state"));
  }

  @Test
  void returnsTheExitCodeAndCombinedOutput() {
    ExecResult r = runtime.exec("c1", List.of("/bin/sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(5));
    assertThat(r.timedOut()).isFalse();
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.output()).contains("out", "err");
  }

  @Test
  void keepsAtMost4KiBOfOutput() {
    ExecResult r = runtime.exec("c1", List.of("/bin/sh", "-c", "head -c 10000 /dev/zero | tr '\\0' x"),
        Duration.ofSeconds(5));
    assertThat(r.output()).hasSize(ExecResult.MAX_OUTPUT);
  }

  @Test
  void aCommandPastTheTimeoutIsKilledAndReportedTimedOut() {
    long start = System.nanoTime();
    ExecResult r = runtime.exec("c1", List.of("sleep", "30"), Duration.ofMillis(300));
    assertThat(r.timedOut()).isTrue();
    assertThat(r.exitCode()).isEqualTo(-1);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }
}
