package swarm.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerSpecTest {
  private static ContainerSpec with(String dir, String stopSignal) {
    return new ContainerSpec("busybox", null, null, null, dir, null, null, stopSignal, null);
  }

  @Test
  void stopSignalsDockerKnowsAreAccepted() {
    for (String ok : List.of("SIGTERM", "TERM", "sigint", "SIGKILL", "SIGUSR1", "SIGRTMIN", "SIGRTMIN+3", "RTMAX-14",
        "SIGRTMAX", "SIGCLD", "9", "1", "64")) {
      assertThat(with(null, ok).validate()).as(ok).isEmpty();
    }
  }

  @Test
  void anUnknownStopSignalIsRefusedSayingWhatIsAllowed() {
    for (String bad : List.of("SIGBOGUS", "BOGUS", "0", "65", "-1", "SIGRTMIN+16", "RTMAX-15", "SIG", "TERM ", "15x")) {
      assertThat(with(null, bad).validate()).as(bad).containsExactly("invalid stop signal '" + bad
          + "' (--stop-signal): use a signal name such as SIGTERM, SIGINT, SIGQUIT, SIGUSR1 or SIGRTMIN+3, "
          + "or a number from 1 to 64");
    }
  }

  @Test
  void theWorkingDirectoryMustBeAbsolute() {
    assertThat(with("rel/dir", null).validate()).containsExactly(
        "the working directory 'rel/dir' is invalid (--workdir): it needs to be an absolute path");
    assertThat(with("./app", null).validate()).hasSize(1);
    assertThat(with("/app", null).validate()).isEmpty();
    assertThat(with("", null).validate()).isEmpty();
    assertThat(with(null, null).validate()).isEmpty();
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThat(with("rel", "SIGBOGUS").validate()).hasSize(2);
  }
}
