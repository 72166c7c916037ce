package swarm.core.spec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Docker's {@code Resources}: hard {@code Limits} enforced by cgroups, {@code Reservations} used by the scheduler. */
public record ResourceRequirements(Resources limits, Resources reservations) {
  /** The smallest memory limit a container can start with (runc needs a few MiB for itself). */
  public static final long MIN_MEMORY_BYTES = 6L << 20;
  /** swarmkit's smallest CPU limit or reservation (0.001 CPU): below it the CFS quota rounds to nothing. */
  public static final long MIN_NANO_CPUS = 1_000_000L;
  /** The most CPUs Linux supports on one machine (NR_CPUS with MAXSMP): no node can give a task more. */
  public static final int MAX_CPUS = 8192;
  public static final long MAX_NANO_CPUS = MAX_CPUS * 1_000_000_000L;

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
    cpus(problems, "CPU limit", "--limit-cpu", limits.nanoCpus());
    if (limits.pids() < 0) {
      problems.add("invalid pids limit (--limit-pids): must not be negative");
    }
    if (reservations.memoryBytes() < 0) {
      problems.add("invalid memory reservation (--reserve-memory): must not be negative");
    }
    cpus(problems, "CPU reservation", "--reserve-cpu", reservations.nanoCpus());
    return problems;
  }

  /** 0 (unset), or from swarmkit's smallest CPU value to as many CPUs as one Linux machine can have. */
  private static void cpus(List<String> problems, String what, String flag, long nanoCpus) {
    if (nanoCpus != 0 && (nanoCpus < MIN_NANO_CPUS || nanoCpus > MAX_NANO_CPUS)) {
      problems.add("invalid " + what + " " + BigDecimal.valueOf(nanoCpus, 9).stripTrailingZeros().toPlainString()
          + " (" + flag + "): must be from 0.001 to " + MAX_CPUS + " CPUs");
    }
  }
}
