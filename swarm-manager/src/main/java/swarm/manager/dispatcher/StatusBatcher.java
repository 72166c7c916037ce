package swarm.manager.dispatcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.dispatch.TaskStatusReport;
import swarm.core.log.CommandBatch;
import swarm.core.log.StoreCommand;
import swarm.core.object.TaskStatus;
import swarm.manager.raft.Proposer;

/**
 * Turns task status reports from every session into few log entries: a report is proposed at once
 * when nothing is in flight, otherwise it waits for the entry in flight to commit and rides with
 * every report that arrived meanwhile (one entry per Raft round trip, at most every
 * {@code minInterval}). Only the most advanced report per task is kept. Thread-safe.
 */
final class StatusBatcher {
  private static final Logger LOG = LoggerFactory.getLogger(StatusBatcher.class);
  private static final Duration RETRY = Duration.ofMillis(500);

  private final Proposer proposer;
  private final ScheduledExecutorService thread;
  private final Duration minInterval;
  private final Map<String, TaskStatus> pending = new LinkedHashMap<>(); // guarded by this
  private boolean inFlight; // guarded by this

  StatusBatcher(Proposer proposer, ScheduledExecutorService thread, Duration minInterval) {
    this.proposer = proposer;
    this.thread = thread;
    this.minInterval = minInterval;
  }

  void add(List<TaskStatusReport> reports) {
    synchronized (this) {
      for (TaskStatusReport r : reports) {
        pending.merge(r.taskId(), r.status(), (a, b) -> b.state().compareTo(a.state()) >= 0 ? b : a);
      }
      if (inFlight || pending.isEmpty()) {
        return;
      }
      inFlight = true;
    }
    thread.execute(this::flush);
  }

  private void flush() {
    List<StoreCommand> commands = new ArrayList<>();
    synchronized (this) {
      pending.forEach((id, status) -> commands.add(new StoreCommand.UpdateTaskStatus(id, status)));
      pending.clear();
      if (commands.isEmpty()) {
        inFlight = false;
        return;
      }
    }
    proposer.submit(new CommandBatch(commands)).whenComplete((result, error) -> {
      if (error != null) {
        LOG.warn("{} task status reports not committed: {}; retrying", commands.size(), error.toString());
        synchronized (this) {
          for (StoreCommand c : commands) {
            StoreCommand.UpdateTaskStatus u = (StoreCommand.UpdateTaskStatus) c;
            pending.putIfAbsent(u.taskId(), u.status());
          }
        }
      }
      schedule(error == null ? minInterval : RETRY);
    });
  }

  private void schedule(Duration delay) {
    try {
      thread.schedule(this::flush, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // dispatcher closed
    }
  }
}
