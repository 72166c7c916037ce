package swarm.manager.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import swarm.core.error.SwarmException;

class ReadIndexRoundTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  private final AtomicReference<String> leader = new AtomicReference<>("a");
  private final List<String> asked = new CopyOnWriteArrayList<>();

  @Test
  void theFirstRoundsIndexIsTheReadIndex() {
    ReadIndexRound<String> round = new ReadIndexRound<>(leader::get, l -> {
      asked.add(l);
      return CompletableFuture.completedFuture(42L);
    }, LONG);

    assertThat(round.await(LONG)).isEqualTo(42L);
    assertThat(asked).containsExactly("a");
  }

  @Test
  void aRoundHeldByADeadLeaderIsAskedAgainOfTheNextLeaderWithoutWaitingForTheAttemptTimeout() {
    ReadIndexRound<String> round = new ReadIndexRound<>(leader::get, l -> {
      asked.add(l);
      if (l.equals("dead")) {
        leader.set("next"); // the election ends while the first round hangs
        return new CompletableFuture<>();
      }
      return CompletableFuture.completedFuture(7L);
    }, LONG);
    leader.set("dead");

    long start = System.nanoTime();
    assertThat(round.await(LONG)).isEqualTo(7L);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(asked).containsExactly("dead", "next");
  }

  @Test
  void aFailedRoundIsAskedAgainAndNeverTakenAsAnIndex() {
    ReadIndexRound<String> round = new ReadIndexRound<>(leader::get, l -> {
      asked.add(l);
      return asked.size() < 3
          ? CompletableFuture.failedFuture(new IllegalStateException("leader not ready"))
          : CompletableFuture.completedFuture(9L);
    }, LONG);

    assertThat(round.await(LONG)).isEqualTo(9L);
    assertThat(asked).containsExactly("a", "a", "a");
  }

  @Test
  void aRoundLeftUnansweredIsAskedAgainAfterTheAttemptTimeout() {
    ReadIndexRound<String> round = new ReadIndexRound<>(leader::get, l -> {
      asked.add(l);
      return asked.size() == 1 ? new CompletableFuture<>() : CompletableFuture.completedFuture(3L);
    }, Duration.ofMillis(100));

    assertThat(round.await(LONG)).isEqualTo(3L);
    assertThat(asked).containsExactly("a", "a");
  }

  @Test
  void withoutALeaderTheReadFailsAsNoQuorumAfterTheTimeout() {
    leader.set(null);
    ReadIndexRound<String> round = new ReadIndexRound<>(leader::get, l -> {
      asked.add(l);
      return CompletableFuture.completedFuture(1L);
    }, LONG);

    assertThatThrownBy(() -> round.await(Duration.ofMillis(200)))
        .isInstanceOf(SwarmException.class)
        .hasMessageContaining("no quorum");
    assertThat(asked).isEmpty();
  }
}
