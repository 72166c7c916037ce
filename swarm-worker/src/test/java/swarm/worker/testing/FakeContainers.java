package swarm.worker.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import swarm.core.object.Task;
import swarm.worker.exec.Containers;
import swarm.worker.exec.ExecResult;
import swarm.worker.exec.ExitStatus;

/** Containers in memory: records calls, lets the test end a container or make a step fail. */
public final class FakeContainers implements Containers {
  public final List<String> calls = new CopyOnWriteArrayList<>();
  private final Map<String, Long> pids = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<ExitStatus>> exits = new ConcurrentHashMap<>();
  private final Set<String> present = ConcurrentHashMap.newKeySet();
  private final Map<String, Task> tasks = new ConcurrentHashMap<>();
  public volatile RuntimeException prepareFailure;
  /** What {@link #exec} answers (a health probe, say); exit 0 by default. */
  public volatile java.util.function.Function<List<String>, ExecResult> execs = argv -> new ExecResult(0, "", false);
  private long nextPid = 100;

  @Override
  public void prepare(Task task) {
    if (prepareFailure != null) {
      throw prepareFailure;
    }
    calls.add("prepare " + task.id());
    present.add(task.id());
    tasks.put(task.id(), task);
  }

  @Override
  public synchronized long start(String id) {
    calls.add("start " + id);
    return pids.computeIfAbsent(id, k -> nextPid++);
  }

  /** Makes the container look started already, as one left by an earlier daemon. */
  public synchronized void alreadyRunning(String id, long pid) {
    pids.put(id, pid);
    present.add(id);
  }

  @Override
  public OptionalLong startedPid(String id) {
    Long p = pids.get(id);
    return p == null ? OptionalLong.empty() : OptionalLong.of(p);
  }

  @Override
  public CompletableFuture<ExitStatus> exit(String id) {
    return exits.computeIfAbsent(id, k -> new CompletableFuture<>());
  }

  public void exitWith(String id, ExitStatus s) {
    exit(id).complete(s);
  }

  @Override
  public void stop(String id, String signal, Duration grace) {
    calls.add("stop " + id + " " + signal);
    exit(id).complete(ExitStatus.of(143));
  }

  @Override
  public void release(String id) {
    calls.add("release " + id);
  }

  @Override
  public void remove(String id) {
    calls.add("remove " + id);
    present.remove(id);
    pids.remove(id);
  }

  @Override
  public Set<String> list() {
    return new HashSet<>(present);
  }

  @Override
  public Optional<Task> taskOf(String id) {
    return Optional.ofNullable(tasks.get(id));
  }

  @Override
  public ExecResult exec(String id, List<String> argv, Duration timeout) {
    return execs.apply(argv);
  }

  public List<String> callsFor(String id) {
    List<String> out = new ArrayList<>();
    calls.stream().filter(c -> c.endsWith(" " + id) || c.contains(" " + id + " ")).forEach(out::add);
    return out;
  }
}
