package swarm.worker.exec.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import swarm.core.error.SwarmException;

class DockerSeccompProfileTest {
  private static final SeccompHost X86 = SeccompHost.of("amd64", "5.10.0");
  private static final List<String> CAPS = BundleConfig.CAPABILITIES;

  private static JsonNode oci(String dockerProfile) {
    return DockerSeccompProfile.toOci(dockerProfile, CAPS, X86);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void archMapPicksThisHostsEntryAndItsSubArchitectures() {
    JsonNode p = oci("""
        {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
         "archMap": [{"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]},
                     {"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]}],
         "syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"}]}""");
    assertThat(p.path("defaultAction").asText()).isEqualTo("SCMP_ACT_ERRNO");
    assertThat(p.path("defaultErrnoRet").asInt()).isEqualTo(1);
    assertThat(texts(p.path("architectures"))).containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
    assertThat(texts(p.path("syscalls").get(0).path("names"))).containsExactly("read", "write");
    assertThat(p.path("syscalls").get(0).path("action").asText()).isEqualTo("SCMP_ACT_ALLOW");
  }

  @Test
  void rulesApplyOnlyWhereTheirIncludesHoldAndExcludesDoNot() {
    JsonNode p = oci("""
        {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
          {"names": ["always"], "action": "SCMP_ACT_ALLOW"},
          {"names": ["needsSysAdmin"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}},
          {"names": ["needsChown"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_CHOWN"]}},
          {"names": ["withoutSysAdmin"], "action": "SCMP_ACT_ALLOW", "excludes": {"caps": ["CAP_SYS_ADMIN"]}},
          {"names": ["onAmd64"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["amd64", "x32"]}},
          {"names": ["onArm64"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["arm64"]}},
          {"names": ["notOnAmd64"], "action": "SCMP_ACT_ALLOW", "excludes": {"arches": ["amd64"]}},
          {"names": ["since48"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "4.8"}},
          {"names": ["since61"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "6.1"}},
          {"names": ["before48"], "action": "SCMP_ACT_ALLOW", "excludes": {"minKernel": "4.8"}},
          {"name": "singular", "action": "SCMP_ACT_ERRNO", "errnoRet": 38,
           "args": [{"index": 0, "value": 2114060288, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}],
           "comment": "dropped"}]}""");
    List<String> names = new ArrayList<>();
    p.path("syscalls").forEach(r -> names.addAll(texts(r.path("names"))));
    assertThat(names).containsExactly("always", "needsChown", "withoutSysAdmin", "onAmd64", "since48", "singular");
    JsonNode singular = p.path("syscalls").get(5);
    assertThat(singular.path("errnoRet").asInt()).isEqualTo(38);
    assertThat(singular.path("args").get(0).path("value").asLong()).isEqualTo(2114060288L);
    assertThat(singular.path("args").get(0).path("op").asText()).isEqualTo("SCMP_CMP_MASKED_EQ");
    assertThat(singular.has("comment")).isFalse();
    assertThat(singular.has("includes")).isFalse();
  }

  @Test
  void anOciProfilePassesThroughWithoutTheFlagsRunc11Refuses() {
    JsonNode p = oci("""
        {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"],
         "flags": ["SECCOMP_FILTER_FLAG_LOG"],
         "syscalls": [{"names": ["chmod"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}""");
    assertThat(p).isEqualTo(BundleConfig.JSON.valueToTree(Map.of("defaultAction", "SCMP_ACT_ALLOW",
        "architectures", List.of("SCMP_ARCH_X86_64"),
        "syscalls", List.of(Map.of("names", List.of("chmod"), "action", "SCMP_ACT_ERRNO", "errnoRet", 1)))));
  }

  @Test
  void whatIsNoProfileIsRefusedForAPerson() {
    assertThatThrownBy(() -> oci("{\"syscalls\": []}")).isInstanceOf(SwarmException.class)
        .hasMessageStartingWith("invalid seccomp profile: has no defaultAction");
    assertThatThrownBy(() -> oci("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"x\"],"
        + " \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"minKernel\": \"new\"}}]}"))
        .hasMessage("invalid seccomp profile: minKernel 'new' is not a kernel version such as 4.8");
  }
}
