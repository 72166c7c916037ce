package swarm.worker.exec.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.spec.Privileges;
import swarm.core.spec.Privileges.Mode;

class SeccompProfileTest {
  private static final SeccompHost X86 = SeccompHost.of("amd64", "6.1.0-18-amd64");
  private static final JsonNode DEFAULT = SeccompProfile.dockerDefault(X86);

  /**
   * What a filter answers {@code name(arg0, ...)} with, read from its rules as libseccomp would
   * apply them (all comparisons of a rule hold): the errno of a refusing rule, or 0 when allowed.
   */
  static int answer(JsonNode profile, String name, long arg0) {
    for (JsonNode rule : profile.path("syscalls")) {
      boolean named = false;
      for (JsonNode n : rule.path("names")) {
        named |= n.asText().equals(name);
      }
      if (named && matches(rule.path("args"), arg0) && rule.path("action").asText().equals("SCMP_ACT_ERRNO")) {
        return rule.path("errnoRet").asInt();
      }
    }
    return 0;
  }

  private static boolean matches(JsonNode args, long arg0) {
    for (JsonNode a : args) {
      assertThat(a.path("index").asInt()).isZero();
      long value = a.path("value").asLong();
      boolean holds = switch (a.path("op").asText()) {
        case "SCMP_CMP_EQ" -> arg0 == value;
        case "SCMP_CMP_GT" -> Long.compareUnsigned(arg0, value) > 0;
        case "SCMP_CMP_MASKED_EQ" -> (arg0 & value) == a.path("valueTwo").asLong();
        default -> throw new AssertionError("unexpected op " + a);
      };
      if (!holds) {
        return false;
      }
    }
    return true;
  }

  @Test
  void defaultAllowsEverythingElseOnEveryX86Abi() {
    assertThat(DEFAULT.path("defaultAction").asText()).isEqualTo("SCMP_ACT_ALLOW");
    assertThat(DEFAULT.path("architectures")).extracting(JsonNode::asText)
        .containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
    assertThat(DEFAULT.has("flags")).isFalse();
    for (String ordinary : List.of("read", "write", "openat", "execve", "mmap", "futex", "socket", "chown",
        "setuid", "chroot", "ptrace", "adjtimex", "seccomp", "prctl")) {
      assertThat(answer(DEFAULT, ordinary, 2)).as(ordinary).isZero();
    }
  }

  @Test
  void defaultRefusesWhatDockersDefaultRefusesWithEperm() {
    for (String refused : List.of("unshare", "setns", "mount", "umount2", "pivot_root", "keyctl", "add_key",
        "request_key", "bpf", "perf_event_open", "kexec_load", "kexec_file_load", "init_module", "finit_module",
        "delete_module", "open_by_handle_at", "name_to_handle_at", "reboot", "swapon", "swapoff", "acct",
        "clock_settime", "settimeofday", "clock_adjtime", "userfaultfd", "fsopen", "fsmount", "fsconfig", "fspick",
        "move_mount", "open_tree", "lookup_dcookie", "quotactl", "iopl", "ioperm", "create_module",
        "get_kernel_syms", "query_module", "nfsservctl", "uselib", "ustat", "sysfs", "_sysctl", "vm86", "vm86old",
        "mbind", "set_mempolicy", "move_pages", "kcmp", "io_uring_setup", "syslog")) {
      assertThat(answer(DEFAULT, refused, 0)).as(refused).isEqualTo(1);
    }
  }

  @Test
  void cloneWithANamespaceFlagIsRefusedAndClone3IsMissingSoLibcFallsBack() {
    long threadFlags = 0x3d0f00; // what glibc's pthread_create passes
    assertThat(answer(DEFAULT, "clone", threadFlags)).isZero();
    assertThat(answer(DEFAULT, "clone", 17)).as("fork: SIGCHLD").isZero();
    for (long ns : List.of(0x20000L, 0x2000000L, 0x4000000L, 0x8000000L, 0x10000000L, 0x20000000L, 0x40000000L)) {
      assertThat(answer(DEFAULT, "clone", ns | 17)).as("clone 0x%x", ns).isEqualTo(1);
    }
    assertThat(answer(DEFAULT, "clone", 0x7E020000L | threadFlags)).isEqualTo(1);
    assertThat(answer(DEFAULT, "clone3", 0)).isEqualTo(38);
  }

  @Test
  void personalityAllowsOnlyDockersValues() {
    for (long allowed : List.of(0x0L, 0x8L, 0x20000L, 0x20008L, 0xffffffffL)) {
      assertThat(answer(DEFAULT, "personality", allowed)).as("0x%x", allowed).isZero();
    }
    for (long refused : List.of(0x1L, 0x7L, 0x9L, 0x10L, 0x1ffffL, 0x20001L, 0x20007L, 0x20009L, 0x40000L, 0x400000L,
        0x80000000L, 0xfffffffeL, 0x100000000L, 0x100000008L, -1L)) {
      assertThat(answer(DEFAULT, "personality", refused)).as("0x%x", refused).isEqualTo(1);
    }
  }

  @Test
  void blocksCoverARangeExactly() {
    for (long[] range : new long[][] {{1, 7}, {9, 0x1ffff}, {0x20009, 0xfffffffeL}, {5, 5}, {0, 0xffffffffL}}) {
      List<long[]> blocks = SeccompProfile.blocks(range[0], range[1]);
      for (long x : List.of(range[0] - 1, range[0], range[0] + 1, (range[0] + range[1]) / 2, range[1] - 1, range[1],
          range[1] + 1)) {
        if (x < 0 || x > 0xffffffffL) {
          continue; // blocks are within 32 bits; the rule above them refuses the rest
        }
        long covering = blocks.stream().filter(b -> (x & b[0]) == b[1]).count();
        assertThat(covering).as("0x%x in [0x%x, 0x%x]", x, range[0], range[1])
            .isEqualTo(x >= range[0] && x <= range[1] ? 1 : 0);
      }
    }
    assertThat(SeccompProfile.blocks(8, 7)).isEmpty();
  }

  @Test
  void vsockSocketsAreRefused() {
    assertThat(answer(DEFAULT, "socket", 40)).isEqualTo(1);
    assertThat(answer(DEFAULT, "socket", 2)).isZero();
  }

  @Test
  void ptraceIsRefusedOnKernelsBefore48AsDockerDoes() {
    JsonNode old = SeccompProfile.dockerDefault(SeccompHost.of("amd64", "4.4.0-210-generic"));
    assertThat(answer(old, "ptrace", 0)).isEqualTo(1);
    assertThat(answer(old, "process_vm_readv", 0)).isEqualTo(1);
    assertThat(answer(DEFAULT, "process_vm_readv", 0)).isZero();
  }

  @Test
  void unconfinedHasNoFilterAndAnUnknownArchitectureGetsTheNativeOnly() {
    assertThat(SeccompProfile.of(Privileges.Seccomp.of(Mode.UNCONFINED), BundleConfig.CAPABILITIES, X86)).isEmpty();
    assertThat(SeccompProfile.of(null, BundleConfig.CAPABILITIES, X86)).contains(SeccompProfile.dockerDefault(X86));
    JsonNode riscv = SeccompProfile.dockerDefault(SeccompHost.of("riscv64", "6.6.0"));
    assertThat(riscv.has("architectures")).isFalse();
    assertThat(answer(riscv, "unshare", 0)).isEqualTo(1);
  }

  @Test
  void hostReadsArchitectureAndKernelVersion() {
    assertThat(SeccompHost.of("aarch64", "5.15.0-1034-aws")).isEqualTo(
        new SeccompHost("arm64", List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"), 5, 15));
    assertThat(X86.kernelAtLeast(4, 8)).isTrue();
    assertThat(X86.kernelAtLeast(6, 2)).isFalse();
    assertThat(SeccompHost.of("amd64", "unknown").kernelAtLeast(4, 8)).isFalse();
  }
}
