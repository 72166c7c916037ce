package swarm.worker.exec.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import swarm.worker.exec.ExitStatus;

/** Processes that are not our children: an adopted container's end is seen, its exit code unknown. */
class ExitMonitorTest {
  @Test
  void aGoneProcessThatWasNotOurChildEndsWithUnknownExitCode() throws Exception {
    // A process the JDK already reaped: waitpid says ECHILD, as for a container of an earlier daemon.
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    long pid = gone.pid();
    assumeFalse(Files.exists(Path.of("/proc", Long.toString(pid))));
    CompletableFuture<ExitStatus> exit = ExitMonitor.instance().watch(pid, 12345);
    await().atMost(Duration.ofSeconds(5)).until(exit::isDone);
    assertThat(exit.get()).isEqualTo(ExitStatus.unknown());
    ExitMonitor.instance().forget(pid);
  }

  @Test
  void aLiveProcessThatIsNotOurChildIsNotReportedAsEnded() throws Exception {
    long start = ExitMonitor.startTime(1).orElseThrow();
    CompletableFuture<ExitStatus> exit = ExitMonitor.instance().watch(1, start);
    Thread.sleep(400); // several polls: proving a non-event needs some time to pass
    assertThat(exit).isNotDone();
    ExitMonitor.instance().forget(1);
  }

  @Test
  void aReusedPidIsNotMistakenForTheContainer() {
    long realStart = ExitMonitor.startTime(1).orElseThrow();
    CompletableFuture<ExitStatus> exit = ExitMonitor.instance().watch(1, realStart + 1);
    await().atMost(Duration.ofSeconds(5)).until(exit::isDone);
    ExitMonitor.instance().forget(1);
  }
}
