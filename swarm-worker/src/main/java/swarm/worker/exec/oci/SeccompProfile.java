package swarm.worker.exec.oci;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import swarm.core.spec.Privileges;

/**
 * The seccomp filter of a task's container, as the {@code linux.seccomp} section of its OCI
 * {@code config.json}: by default one with the effect of Docker's default profile, none for
 * {@code unconfined}, or the service's own profile in Docker's format ({@link DockerSeccompProfile}).
 * Stateless and thread-safe.
 *
 * <p><b>The default is a deny-list</b> ({@code defaultAction SCMP_ACT_ALLOW}; the syscalls below
 * fail with EPERM), not Docker's allow-list of some 370 names. It refuses what Docker's default
 * refuses to a container with Docker's default capabilities (its documented "significant syscalls
 * blocked", and those its profile allows only with capabilities a task does not have), while a
 * program can call everything else, syscalls newer than this list included. That keeps the list
 * short enough to check against Docker's table line by line, and no program breaks on a harmless
 * syscall an allow-list forgot. The price: a syscall added to the kernel later is allowed until it
 * is added here, where Docker's allow-list refuses it until allowed. Two further differences, both
 * about syscalls the kernel refuses anyway without a capability a task lacks: runc resolves names
 * on the native architecture only, so 32-bit-only names ({@code stime}, {@code umount},
 * {@code clock_settime64}) reach no filter of 32-bit processes; and {@code adjtimex} is allowed
 * (reading the clock), as in Docker, with the kernel refusing its setting modes without
 * {@code CAP_SYS_TIME}.
 *
 * <p>Arguments are compared one per rule: runc turns several comparisons of the same argument into
 * separate rules, so a range ({@code a < x < b}) cannot be written as one. The allowed
 * {@code personality} values are therefore kept by refusing the aligned blocks around them
 * ({@code SCMP_CMP_MASKED_EQ}), and namespace flags of {@code clone} by one rule per flag.
 * No {@code flags}: runc 1.1.5 refuses any ("seccomp flags are not yet supported"), and Docker's
 * default sets none.
 */
public final class SeccompProfile {
  static final int EPERM = 1;
  static final int ENOSYS = 38;
  /** {@code CLONE_NEWNS}, {@code NEWCGROUP}, {@code NEWUTS}, {@code NEWIPC}, {@code NEWUSER}, {@code NEWPID}, {@code NEWNET}. */
  static final List<Long> NAMESPACE_FLAGS = List.of(0x0002_0000L, 0x0200_0000L, 0x0400_0000L, 0x0800_0000L,
      0x1000_0000L, 0x2000_0000L, 0x4000_0000L);
  /** Linux, {@code PER_LINUX32}, {@code UNAME26}, both, and the query {@code 0xffffffff}: what Docker allows. */
  static final List<Long> PERSONALITIES = List.of(0x0L, 0x8L, 0x2_0000L, 0x2_0008L, 0xffff_ffffL);
  static final long AF_VSOCK = 40;

  /** Refused with EPERM, whatever the arguments; grouped by why. */
  static final List<String> REFUSED = List.of(
      // New namespaces and mounts: unshare -U -r gives a process every capability in a namespace of
      // its own, and the kernel code behind them to attack. The runtime makes the container's own.
      "unshare", "setns", "mount", "mount_setattr", "umount", "umount2", "pivot_root",
      "fsopen", "fsconfig", "fsmount", "fspick", "move_mount", "open_tree",
      // The kernel keyring is not namespaced.
      "keyctl", "add_key", "request_key",
      // Code into the kernel: modules, a new kernel, BPF programs.
      "init_module", "finit_module", "delete_module", "create_module", "get_kernel_syms", "query_module",
      "kexec_load", "kexec_file_load", "bpf",
      // Tracing, profiling and other processes' memory and files; may leak the host's.
      "perf_event_open", "lookup_dcookie", "kcmp", "pidfd_getfd", "process_madvise", "fanotify_init",
      // File handles reach past the container's root (the "shocker" breakout).
      "open_by_handle_at", "name_to_handle_at",
      // The host's clock, power, swap, accounting, quotas, log, terminal and names are not namespaced.
      "clock_settime", "clock_settime64", "settimeofday", "stime", "clock_adjtime", "clock_adjtime64",
      "reboot", "swapon", "swapoff", "acct", "quotactl", "quotactl_fd", "syslog", "vhangup",
      "sethostname", "setdomainname",
      // I/O ports, NUMA memory policy of the host's memory.
      "iopl", "ioperm", "mbind", "set_mempolicy", "get_mempolicy", "set_mempolicy_home_node", "move_pages",
      // Tools of kernel exploits: stalled page faults, io_uring's large surface (Docker 25 refuses it).
      "userfaultfd", "io_uring_setup", "io_uring_enter", "io_uring_register",
      // Obsolete.
      "nfsservctl", "uselib", "ustat", "sysfs", "_sysctl", "vm86", "vm86old");
  /** Refused too on kernels before 4.8, where a tracer could bypass seccomp. */
  static final List<String> PTRACE = List.of("ptrace", "process_vm_readv", "process_vm_writev");

  private SeccompProfile() {}

  /**
   * The {@code linux.seccomp} of a container with this setting and these capabilities (a custom
   * profile's rules may depend on them); empty for {@code unconfined}.
   *
   * @throws swarm.core.error.SwarmException when a custom profile cannot be used
   */
  public static Optional<ObjectNode> of(Privileges.Seccomp setting, List<String> capabilities, SeccompHost host) {
    return switch (setting == null ? Privileges.Mode.DEFAULT : setting.mode()) {
      case DEFAULT -> Optional.of(dockerDefault(host));
      case UNCONFINED -> Optional.empty();
      case CUSTOM -> Optional.of(DockerSeccompProfile.toOci(setting.profile(), capabilities, host));
    };
  }

  /** The default: the effect of Docker's default profile for a container without extra capabilities. */
  static ObjectNode dockerDefault(SeccompHost host) {
    ObjectNode p = BundleConfig.JSON.createObjectNode();
    p.put("defaultAction", "SCMP_ACT_ALLOW");
    if (!host.architectures().isEmpty()) {
      host.architectures().forEach(p.putArray("architectures")::add);
    }
    ArrayNode rules = p.putArray("syscalls");
    List<String> refused = new ArrayList<>(REFUSED);
    if (!host.kernelAtLeast(4, 8)) {
      refused.addAll(PTRACE);
    }
    refuse(rules, refused, EPERM);
    // glibc falls back to clone when clone3 is missing; clone3's flags are in memory a filter cannot read.
    refuse(rules, List.of("clone3"), ENOSYS);
    for (long flag : NAMESPACE_FLAGS) {
      refuse(rules, "clone", EPERM).addObject().put("index", 0).put("value", flag).put("valueTwo", flag)
          .put("op", "SCMP_CMP_MASKED_EQ");
    }
    long from = 0;
    for (long allowed : PERSONALITIES) {
      for (long[] block : blocks(from, allowed - 1)) {
        refuse(rules, "personality", EPERM).addObject().put("index", 0).put("value", block[0])
            .put("valueTwo", block[1]).put("op", "SCMP_CMP_MASKED_EQ");
      }
      from = allowed + 1;
    }
    refuse(rules, "personality", EPERM).addObject().put("index", 0).put("value", 0xffff_ffffL)
        .put("op", "SCMP_CMP_GT");
    // vsock talks to the hypervisor, past the container's network namespace.
    refuse(rules, "socket", EPERM).addObject().put("index", 0).put("value", AF_VSOCK).put("op", "SCMP_CMP_EQ");
    return p;
  }

  /**
   * The aligned blocks that cover {@code [from, to]} within 32 bits, as {@code {mask, value}}: x is
   * in a block when {@code (x & mask) == value}. None when {@code from > to}.
   */
  static List<long[]> blocks(long from, long to) {
    List<long[]> out = new ArrayList<>();
    long at = from;
    while (at <= to) {
      long size = at == 0 ? 1L << 32 : Long.lowestOneBit(at);
      while (size > to - at + 1) {
        size >>= 1;
      }
      out.add(new long[] {0xffff_ffffL & ~(size - 1), at});
      at += size;
    }
    return out;
  }

  private static void refuse(ArrayNode rules, List<String> names, int errno) {
    ObjectNode r = rules.addObject();
    names.forEach(r.putArray("names")::add);
    r.put("action", "SCMP_ACT_ERRNO");
    r.put("errnoRet", errno);
  }

  /** A rule refusing {@code name} with {@code errno}; returns its {@code args} to fill. */
  private static ArrayNode refuse(ArrayNode rules, String name, int errno) {
    refuse(rules, List.of(name), errno);
    return ((ObjectNode) rules.get(rules.size() - 1)).putArray("args");
  }
}
