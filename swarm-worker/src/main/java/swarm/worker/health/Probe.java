package swarm.worker.health;

import swarm.core.object.Health;

/** One run of a container's health check; blocks for at most the check's timeout. */
@FunctionalInterface
public interface Probe {
  /** Exit code 0 is healthy; a probe that could not run or timed out reports -1 with why. */
  Health.Result run();
}
