package swarm.worker.exec.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.spec.Privileges;
import swarm.core.spec.Resources;

class BundleConfigTest {
  private static JsonNode build(Resources limits, ContainerUser user) {
    ContainerProcess p = new ContainerProcess(List.of("sh", "-c", "echo hi"), List.of("PATH=/bin"), "/srv", "");
    return BundleConfig.build(new BundleConfig.Inputs("task1", p, user, "web1", limits, null, "/x/hosts", "/x/hostname"));
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void processCarriesArgsEnvCwdAndNumericUser() {
    JsonNode p = build(Resources.NONE, new ContainerUser(65534, 65534, "/home/nobody")).path("process");
    assertThat(texts(p.path("args"))).containsExactly("sh", "-c", "echo hi");
    assertThat(texts(p.path("env"))).containsExactly("PATH=/bin", "HOME=/home/nobody");
    assertThat(p.path("cwd").asText()).isEqualTo("/srv");
    assertThat(p.path("user").path("uid").asInt()).isEqualTo(65534);
    assertThat(p.path("terminal").asBoolean()).isFalse();
  }

  @Test
  void dockersDefaultCapabilitiesAndNamespaces() {
    JsonNode c = build(Resources.NONE, ContainerUser.ROOT);
    assertThat(texts(c.path("process").path("capabilities").path("bounding")))
        .containsExactlyInAnyOrder("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD",
            "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
            "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");
    List<String> ns = new ArrayList<>();
    c.path("linux").path("namespaces").forEach(n -> {
      ns.add(n.path("type").asText());
      assertThat(n.has("path")).isFalse();
    });
    assertThat(ns).containsExactlyInAnyOrder("pid", "mount", "ipc", "uts", "network");
    assertThat(c.path("hostname").asText()).isEqualTo("web1");
    assertThat(c.path("root").path("path").asText()).isEqualTo("rootfs");
    assertThat(texts(c.path("linux").path("maskedPaths"))).contains("/proc/kcore", "/sys/firmware");
    assertThat(texts(c.path("linux").path("readonlyPaths"))).contains("/proc/sys", "/proc/sysrq-trigger");
    List<String> mounts = new ArrayList<>();
    c.path("mounts").forEach(m -> mounts.add(m.path("destination").asText()));
    assertThat(mounts).contains("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/etc/hosts");
  }

  @Test
  void limitsBecomeCgroupValues() {
    JsonNode linux = build(new Resources(1_500_000_000L, 64L << 20, 100L), ContainerUser.ROOT).path("linux");
    assertThat(linux.path("cgroupsPath").asText()).isEqualTo("/swarm/task1");
    JsonNode r = linux.path("resources");
    assertThat(r.path("memory").path("limit").asLong()).isEqualTo(64L << 20);
    assertThat(r.path("cpu").path("quota").asLong()).isEqualTo(150_000);
    assertThat(r.path("cpu").path("period").asLong()).isEqualTo(100_000);
    assertThat(r.path("pids").path("limit").asLong()).isEqualTo(100);
  }

  @Test
  void noLimitsMeansNoCgroupValues() {
    JsonNode r = build(Resources.NONE, ContainerUser.ROOT).path("linux").path("resources");
    assertThat(r.has("memory")).isFalse();
    assertThat(r.has("cpu")).isFalse();
    assertThat(r.has("pids")).isFalse();
  }

  private static JsonNode withSeccomp(Privileges.Seccomp seccomp) {
    ContainerProcess p = new ContainerProcess(List.of("sh"), List.of("PATH=/bin"), "/", "");
    return BundleConfig.build(new BundleConfig.Inputs("task1", p, ContainerUser.ROOT, "web1", Resources.NONE, null,
        null, null, seccomp));
  }

  @Test
  void everyContainerGetsTheDefaultSeccompFilterUnlessUnconfined() {
    JsonNode seccomp = build(Resources.NONE, ContainerUser.ROOT).path("linux").path("seccomp");
    assertThat(seccomp).isEqualTo(SeccompProfile.dockerDefault(SeccompHost.current()));
    assertThat(seccomp.path("defaultAction").asText()).isEqualTo("SCMP_ACT_ALLOW");
    assertThat(SeccompProfileTest.answer(seccomp, "unshare", 0)).isEqualTo(1);
    assertThat(SeccompProfileTest.answer(seccomp, "keyctl", 0)).isEqualTo(1);
    assertThat(withSeccomp(Privileges.Seccomp.of(Privileges.Mode.DEFAULT)).path("linux").path("seccomp"))
        .isEqualTo(seccomp);
    assertThat(withSeccomp(Privileges.Seccomp.of(Privileges.Mode.UNCONFINED)).path("linux").has("seccomp")).isFalse();
  }

  @Test
  void aCustomProfileIsWrittenInTheOciForm() {
    JsonNode seccomp = withSeccomp(Privileges.Seccomp.custom("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\":"
        + " [{\"name\": \"chmod\", \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 1}]}")).path("linux").path("seccomp");
    assertThat(seccomp.path("defaultAction").asText()).isEqualTo("SCMP_ACT_ALLOW");
    assertThat(seccomp.path("syscalls").get(0).path("names").get(0).asText()).isEqualTo("chmod");
    assertThat(SeccompProfileTest.answer(seccomp, "chmod", 0)).isEqualTo(1);
  }

  @Test
  void quarterCpu() {
    assertThat(BundleConfig.cpuQuota(250_000_000L)).isEqualTo(25_000);
  }
}
