package swarm.worker.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import swarm.core.dispatch.Assignments;
import swarm.core.dispatch.DispatcherClient;
import swarm.core.dispatch.NetworkView;
import swarm.core.dispatch.TaskStatusReport;
import swarm.core.object.Node;
import swarm.core.object.Task;
import swarm.core.object.TaskStatus;

/**
 * An in-test dispatcher: the test sets the node's assignments, and sees every status report.
 * Keeps the current assignment set and sends it on open, as a real dispatcher does.
 */
public final class FakeDispatcher implements DispatcherClient {
  private final List<TaskStatusReport> reports = new CopyOnWriteArrayList<>();
  private volatile List<Task> tasks = List.of();
  private volatile List<NetworkView> networks = List.of();
  private volatile Consumer<Assignments> stream;
  public volatile Node.Description description;

  public synchronized void assign(List<Task> assigned) {
    assign(assigned, networks);
  }

  /** Assigns {@code assigned} and sends {@code views} of their networks with them. */
  public synchronized void assign(List<Task> assigned, List<NetworkView> views) {
    tasks = List.copyOf(assigned);
    networks = List.copyOf(views);
    Consumer<Assignments> s = stream;
    if (s != null) {
      s.accept(new Assignments(tasks, networks));
    }
  }

  public List<TaskStatusReport> reports() {
    return List.copyOf(reports);
  }

  public List<TaskStatus> reportsOf(String taskId) {
    List<TaskStatus> out = new ArrayList<>();
    reports.stream().filter(r -> r.taskId().equals(taskId)).forEach(r -> out.add(r.status()));
    return out;
  }

  public Optional<TaskStatus> last(String taskId) {
    List<TaskStatus> all = reportsOf(taskId);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** Like a manager, keeps the reported status on the stored task (without sending new assignments). */
  private synchronized void record(List<TaskStatusReport> r) {
    List<Task> updated = new ArrayList<>();
    for (Task t : tasks) {
      TaskStatus s = t.status();
      for (TaskStatusReport report : r) {
        if (report.taskId().equals(t.id()) && report.status().state().compareTo(s.state()) >= 0) {
          s = report.status();
        }
      }
      updated.add(s == t.status() ? t : t.withStatus(s));
    }
    tasks = List.copyOf(updated);
  }

  /** The tasks as the manager knows them now, statuses included. */
  public List<Task> tasks() {
    return tasks;
  }

  @Override
  public synchronized Session open(String nodeId, Node.Description d, Consumer<Assignments> assignments) {
    description = d;
    stream = assignments;
    assignments.accept(new Assignments(tasks, networks));
    return new Session() {
      @Override
      public void report(List<TaskStatusReport> r) {
        reports.addAll(r);
        record(r);
      }

      @Override
      public void close() {
        synchronized (FakeDispatcher.this) {
          if (stream == assignments) {
            stream = null;
          }
        }
      }
    };
  }
}
