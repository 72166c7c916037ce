package swarm.worker.exec.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import swarm.core.object.Task;
import swarm.core.spec.ContainerSpec;
import swarm.core.spec.Privileges;
import swarm.core.spec.Privileges.Mode;
import swarm.core.spec.Privileges.Seccomp;
import swarm.core.spec.Resources;
import swarm.net.sys.HostCommand;
import swarm.worker.logs.LogEntry;
import swarm.worker.testing.BusyboxImage;
import swarm.worker.testing.OciDataDir;
import swarm.worker.testing.Tasks;

/**
 * Real containers with runc under each seccomp setting: the default filter refuses user namespaces
 * and the kernel keyring, unconfined does not, a custom profile refuses what it lists. The keyring
 * is probed by a tiny static C program built here with gcc (busybox has no keyctl).
 */
class SeccompIT {
  private static final String PROBE = "/bin/keyctl-probe";
  private OciDataDir oci;
  /** Why the keyctl probe is missing (gcc is not installed): the keyring checks are skipped; null once built. */
  private String probeMissing;

  @BeforeEach
  void setUp() throws IOException {
    oci = OciDataDir.create("swarm-seccomp-it");
    Path rootfsTar = BusyboxImage.rootfsTar(oci.work);
    probeMissing = buildProbe(oci.work.resolve("rootfs-src").resolve(PROBE.substring(1)));
    BusyboxImage.tar(oci.work.resolve("rootfs-src"), rootfsTar);
    oci.images.importRootfs(rootfsTar, "busybox:seccomp");
  }

  @AfterEach
  void tearDown() throws IOException {
    if (oci != null) {
      oci.close();
    }
  }

  /** Compiles the keyctl probe to {@code out}; the reason it is missing, or null once built. */
  private String buildProbe(Path out) throws IOException {
    if (!HostCommand.of("sh", "-c", "command -v gcc").run().ok()) {
      return "gcc is not installed: cannot build the keyctl probe (apt-get install gcc libc6-dev)";
    }
    Path source = oci.work.resolve("keyctl-probe.c");
    try (InputStream in = SeccompIT.class.getResourceAsStream("/seccomp/keyctl-probe.c")) {
      Files.copy(in, source);
    }
    HostCommand.Result r = HostCommand.of("gcc", "-static", "-O2", "-o", out.toString(), source.toString()).run();
    assertThat(r.ok()).as("gcc -static builds the keyctl probe (it needs libc6-dev): %s", r.failure()).isTrue();
    return null;
  }

  /** Runs {@code script} in a task with this seccomp setting; its output once it has ended. */
  private List<String> output(Seccomp seccomp, String script) throws Exception {
    Task t = Tasks.assigned(Tasks.uniqueId("sc"), new ContainerSpec("busybox:seccomp", List.of("sh", "-c", script),
        null, null, null, null, null, null, null, null, new Privileges(seccomp)), Resources.NONE);
    oci.containers.prepare(t);
    oci.containers.start(t.id());
    assertThat(oci.containers.exit(t.id()).get(20, TimeUnit.SECONDS).exitCode()).isZero();
    return oci.logs.read(t.id(), -1).stream().map(LogEntry::line).map(String::strip).toList();
  }

  /** Runs the keyctl probe in a task with this seccomp setting (skipped where it could not be built); its output. */
  private List<String> keyringProbe(Mode mode) throws Exception {
    assumeTrue(probeMissing == null, probeMissing);
    return output(Seccomp.of(mode), PROBE + "; echo probe=$?");
  }

  @Test
  void defaultFilterIsOnAndRefusesAUserNamespace() throws Exception {
    List<String> out = output(Seccomp.of(Mode.DEFAULT),
        "grep '^Seccomp:' /proc/self/status; busybox unshare -U -r true; echo unshare=$?");
    assertThat(out).contains("Seccomp:\t2", "unshare=1");
    assertThat(out).anyMatch(l -> l.contains("unshare(0x10000000): Operation not permitted"));
  }

  @Test
  void defaultFilterRefusesTheKernelKeyring() throws Exception {
    assertThat(keyringProbe(Mode.DEFAULT)).containsExactly("keyctl errno=1", "probe=1");
  }

  @Test
  void unconfinedTaskHasNoFilterAndMayMakeAUserNamespace() throws Exception {
    List<String> out = output(Seccomp.of(Mode.UNCONFINED),
        "grep '^Seccomp:' /proc/self/status; busybox unshare -U -r sh -c 'grep ^CapEff: /proc/self/status';"
            + " echo unshare=$?");
    // What issue 14 reported for every task: every capability the kernel has, in a user namespace of its own.
    // readAllLines: Files.readString reads a short prefix of this /proc file (its size is 0).
    int lastCap = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/kernel/cap_last_cap")).get(0).strip());
    String allCaps = String.format("%016x", (1L << (lastCap + 1)) - 1);
    assertThat(out).containsExactly("Seccomp:\t0", "CapEff:\t" + allCaps, "unshare=0");
  }

  @Test
  void unconfinedTaskMayUseTheKernelKeyring() throws Exception {
    assertThat(keyringProbe(Mode.UNCONFINED)).containsExactly("keyctl ok", "probe=0");
  }

  @Test
  void customProfileRefusesWhatItListsAndNothingElse() throws Exception {
    String profile = """
        {"defaultAction": "SCMP_ACT_ALLOW",
         "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]}],
         "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}""";
    List<String> out = output(Seccomp.custom(profile),
        "grep '^Seccomp:' /proc/self/status; mkdir /tmp/d 2>/dev/null; echo mkdir=$?; busybox unshare -U -r true;"
            + " echo unshare=$?");
    assertThat(out).containsExactly("Seccomp:\t2", "mkdir=1", "unshare=0");
  }
}
