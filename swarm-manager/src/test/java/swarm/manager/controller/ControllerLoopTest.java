package swarm.manager.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static swarm.manager.testing.StateBuilder.spec;
import static swarm.manager.testing.StateBuilder.state;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import swarm.core.log.ApplyResult;
import swarm.core.log.CommandBatch;
import swarm.core.object.TaskState;
import swarm.manager.orchestrator.replicated.ReplicatedOrchestrator;
import swarm.manager.raft.Proposer;
import swarm.manager.scheduler.Scheduler;
import swarm.manager.state.Store;
import swarm.manager.testing.LocalProposer;

class ControllerLoopTest {
  @Test
  void aLargePassGoesOutAsSeveralEntriesUnderTheLogsSizeLimit() {
    Store store = new Store();
    store.reset(state().readyNode("n1").readyNode("n2").service("s1", spec("web", 2_500)).build());
    LocalProposer local = new LocalProposer(store);
    List<Integer> entrySizes = new CopyOnWriteArrayList<>();
    Proposer recording = new Proposer() {
      @Override
      public CompletableFuture<ApplyResult> submit(CommandBatch batch) {
        entrySizes.add(batch.commands().size());
        return local.submit(batch);
      }
    };
    try (ControllerLoop loop = new ControllerLoop(store, recording, Clock.systemUTC(),
        List.of(new ReplicatedOrchestrator(), new Scheduler()), Duration.ofMillis(5), Duration.ofSeconds(5))) {
      loop.onLeaderReady();

      await().atMost(Duration.ofSeconds(30)).until(() -> store.current().tasks().values().stream()
          .filter(t -> t.state() == TaskState.ASSIGNED).count() == 2_500);
    }
    assertThat(entrySizes).isNotEmpty().allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(
        ControllerLoop.MAX_COMMANDS_PER_ENTRY));
    assertThat(entrySizes.stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(5_000);
  }
}
