package swarm.manager.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static swarm.manager.testing.StateBuilder.spec;
import static swarm.manager.testing.StateBuilder.state;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import swarm.core.json.Json;
import swarm.core.log.ApplyResult;
import swarm.core.log.CommandBatch;
import swarm.core.object.TaskState;
import swarm.manager.orchestrator.replicated.ReplicatedOrchestrator;
import swarm.manager.raft.Proposer;
import swarm.manager.scheduler.Scheduler;
import swarm.manager.state.Store;
import swarm.manager.testing.LocalProposer;

class ControllerLoopTest {
  private static final int SMALL_ENTRIES = 64 << 10;

  private static long assigned(Store store) {
    return store.current().tasks().values().stream().filter(t -> t.state() == TaskState.ASSIGNED).count();
  }

  @Test
  void aLargePassGoesOutAsSeveralEntriesUnderTheSizeLimitInOrder() {
    Store store = new Store();
    store.reset(state().readyNode("n1").readyNode("n2").service("s1", spec("web", 2_500)).build());
    LocalProposer local = new LocalProposer(store);
    List<Integer> entryBytes = new CopyOnWriteArrayList<>();
    List<Integer> entrySizes = new CopyOnWriteArrayList<>();
    Proposer recording = batch -> {
      entryBytes.add(Json.toBytes(batch).length);
      entrySizes.add(batch.commands().size());
      return local.submit(batch);
    };
    try (ControllerLoop loop = new ControllerLoop(store, recording, Clock.systemUTC(),
        List.of(new ReplicatedOrchestrator(), new Scheduler()), Duration.ofMillis(5), Duration.ofSeconds(5),
        SMALL_ENTRIES)) {
      loop.onLeaderReady();

      await().atMost(Duration.ofSeconds(30)).until(() -> assigned(store) == 2_500);
    }
    assertThat(entryBytes).hasSizeGreaterThan(10).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(SMALL_ENTRIES));
    // Every task created and assigned once: each entry applied on the state the one before it left.
    assertThat(entrySizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(5_000);
  }

  @Test
  void aPassKeepsSeveralEntriesInFlightAndTheLogAppliesThemInOrder() {
    Store store = new Store();
    store.reset(state().readyNode("n1").service("s1", spec("web", 1_000)).build());
    LocalProposer local = new LocalProposer(store);
    List<CompletableFuture<ApplyResult>> pending = new CopyOnWriteArrayList<>();
    List<CommandBatch> submitted = new CopyOnWriteArrayList<>();
    AtomicInteger mostInFlight = new AtomicInteger();
    // A log that commits only when told to, in submission order.
    Proposer slow = batch -> {
      CompletableFuture<ApplyResult> f = new CompletableFuture<>();
      submitted.add(batch);
      pending.add(f);
      mostInFlight.accumulateAndGet((int) pending.stream().filter(p -> !p.isDone()).count(), Math::max);
      return f;
    };
    try (ControllerLoop loop = new ControllerLoop(store, slow, Clock.systemUTC(),
        List.of(new ReplicatedOrchestrator(), new Scheduler()), Duration.ofMillis(5), Duration.ofSeconds(30),
        SMALL_ENTRIES)) {
      loop.onLeaderReady();
      await().atMost(Duration.ofSeconds(10)).until(() -> submitted.size() >= ControllerLoop.MAX_IN_FLIGHT);
      // The window is full: nothing more goes out until the oldest entry commits.
      assertThat(submitted).hasSize(ControllerLoop.MAX_IN_FLIGHT);
      int done = 0;
      while (assigned(store) < 1_000) {
        await().atMost(Duration.ofSeconds(10)).until(pending::size, n -> n > pending.stream()
            .filter(CompletableFuture::isDone).count());
        for (int i = 0; i < pending.size(); i++) {
          CompletableFuture<ApplyResult> f = pending.get(i);
          if (!f.isDone()) {
            f.complete(local.submit(submitted.get(i)).join());
            done++;
            break;
          }
        }
      }
      assertThat(done).isGreaterThan(ControllerLoop.MAX_IN_FLIGHT);
    }
    assertThat(mostInFlight.get()).isEqualTo(ControllerLoop.MAX_IN_FLIGHT);
  }

  @Test
  void aRefusedEntryMakesTheNextPassLookAgainAndNoSlotGetsTwoTasks() {
    Store store = new Store();
    store.reset(state().readyNode("n1").service("s1", spec("web", 1_000)).build());
    LocalProposer local = new LocalProposer(store);
    AtomicInteger calls = new AtomicInteger();
    Proposer refusingThird = batch -> {
      int n = calls.incrementAndGet();
      // The third entry meets a conflict (as if a concurrent write moved the state) and is not applied.
      return n == 3 ? CompletableFuture.completedFuture(ApplyResult.refused(0, "conflict"))
          : local.submit(batch);
    };
    try (ControllerLoop loop = new ControllerLoop(store, refusingThird, Clock.systemUTC(),
        List.of(new ReplicatedOrchestrator(), new Scheduler()), Duration.ofMillis(5), Duration.ofSeconds(5),
        SMALL_ENTRIES)) {
      loop.onLeaderReady();

      await().atMost(Duration.ofSeconds(30)).until(() -> assigned(store) == 1_000);
    }
    // Entries after the refused one may have applied (they were in flight): their assignments of tasks the refused
    // entry would have created did nothing, and the next pass created and placed those.
    assertThat(calls.get()).isGreaterThan(3);
    assertThat(store.current().tasks().values().stream().map(t -> t.slot()).distinct().count()).isEqualTo(1_000);
    assertThat(store.current().tasks()).hasSize(1_000);
  }

  @Test
  void entriesKeepTheCommandsInOrderAndASingleOversizedCommandStillGoesOut() {
    List<swarm.core.log.StoreCommand> commands = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      commands.add(new swarm.core.log.StoreCommand.RemoveTask("t" + i));
    }
    List<List<swarm.core.log.StoreCommand>> entries = Entries.split(commands, 500);
    assertThat(entries).hasSizeGreaterThan(5);
    assertThat(entries.stream().flatMap(List::stream).toList()).isEqualTo(commands);
    assertThat(entries).allSatisfy(e ->
        assertThat(Json.toBytes(new CommandBatch(e)).length).isLessThanOrEqualTo(500));
    assertThat(Entries.split(commands.subList(0, 1), 10)).containsExactly(commands.subList(0, 1));
  }
}
