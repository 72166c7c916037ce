package swarm.core.spec;

import java.util.ArrayList;
import java.util.List;

/** Docker's {@code Resources}: hard {@code Limits} enforced by cgroups, {@code Reservations} used by the scheduler. */
public record ResourceRequirements(Resources limits, Resources reservations) {
  /** The smallest memory limit a container can start with (runc needs a few MiB for itself). */
  public static final long MIN_MEMORY_BYTES = 6L << 20;

  public ResourceRequirements {
    limits = limits == null ? Resources.NONE : limits;
    reservations = reservations == null ? Resources.NONE : reservations;
  }

  public List<String> validate() {
    List<String> problems = new ArrayList<>();
    if (limits.memoryBytes() != 0 && limits.memoryBytes() < MIN_MEMORY_BYTES) {
      problems.add("invalid memory limit " + limits.memoryBytes() + " bytes (--limit-memory): must be at least 6MiB");
    }
    if (limits.memoryBytes() < 0) {
      problems.add("invalid memory limit (--limit-memory): must not be negative");
    }
    if (limits.nanoCpus() < 0) {
      problems.add("invalid CPU limit (--limit-cpu): must be more than 0");
    }
    if (limits.pids() < 0) {
      problems.add("invalid pids limit (--limit-pids): must not be negative");
    }
    if (reservations.memoryBytes() < 0 || reservations.nanoCpus() < 0) {
      problems.add("invalid reservation (--reserve-memory, --reserve-cpu): must not be negative");
    }
    return problems;
  }
}
