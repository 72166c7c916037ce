package swarm.worker.exec;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import swarm.core.object.Task;
import swarm.core.spec.HealthConfig;

/**
 * The containers of one node, keyed by container id (= task id). Every operation is idempotent,
 * so an executor that restarts, or runs a step twice, converges instead of duplicating. Calls
 * block (they run the OCI runtime and mount); implementations are thread-safe for distinct ids.
 */
public interface Containers {
  /** Creates the container's bundle (rootfs, config) from the task; a no-op once prepared or started. */
  void prepare(Task task);

  /** Starts the prepared container and returns its init pid; returns the pid if it already started. */
  long start(String id);

  /** The init pid of a container that was started, running or not; empty when never started. */
  OptionalLong startedPid(String id);

  /** Completes when the started container's init process has ended. */
  CompletableFuture<ExitStatus> exit(String id);

  /** Sends {@code signal}, waits up to {@code grace}, then kills; returns once the process ended. */
  void stop(String id, String signal, Duration grace);

  /** Frees the runtime's resources (runtime state, cgroups, mount) but keeps files such as logs. */
  void release(String id);

  /** Releases and deletes everything of the container. */
  void remove(String id);

  /** Ids of every container with anything left on this node. */
  Set<String> list();

  /** The task a container was prepared for, if its record survived; used to stop orphans politely. */
  java.util.Optional<Task> taskOf(String id);

  /**
   * The health check of the task's container: the service's merged over the image's (Docker's
   * rules); empty when there is none or it is disabled ({@code NONE}, {@code --no-healthcheck}).
   * Call once the container is prepared.
   */
  default java.util.Optional<HealthConfig> healthcheck(Task task) {
    HealthConfig hc = task.spec().containerSpec().healthcheck();
    return hc == null || hc.probeCommand().isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(hc);
  }

  /**
   * Runs {@code argv} inside the running container (its environment, user and working dir) and
   * waits up to {@code timeout}; a command still running then is killed and reported timed out.
   * Output (stdout and stderr) is kept up to {@link ExecResult#MAX_OUTPUT} bytes.
   */
  default ExecResult exec(String id, java.util.List<String> argv, Duration timeout) {
    throw new UnsupportedOperationException("exec is not supported by " + getClass().getSimpleName());
  }
}
