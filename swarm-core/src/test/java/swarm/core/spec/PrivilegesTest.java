package swarm.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.json.Json;
import swarm.core.spec.Privileges.Mode;
import swarm.core.spec.Privileges.Seccomp;

class PrivilegesTest {
  private static final String PROFILE = "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[]}";

  private static ContainerSpec withSeccomp(Seccomp s) {
    return new ContainerSpec("busybox", null, null, null, null, null, null, null, null, null, new Privileges(s));
  }

  @Test
  void usesDockerFieldNamesWithTheProfileInBase64AsDockersApiEncodesIt() {
    ContainerSpec spec = withSeccomp(Seccomp.custom(PROFILE));
    String json = Json.toString(spec);
    String base64 = Base64.getEncoder().encodeToString(PROFILE.getBytes(StandardCharsets.UTF_8));
    assertThat(json).contains("\"Privileges\":{\"Seccomp\":{\"Mode\":\"custom\",\"Profile\":\"" + base64 + "\"}}");
    assertThat(Json.read(json, ContainerSpec.class)).isEqualTo(spec);
    assertThat(Json.toString(withSeccomp(Seccomp.of(Mode.UNCONFINED))))
        .contains("\"Privileges\":{\"Seccomp\":{\"Mode\":\"unconfined\"}}");
  }

  @Test
  void aProfileSentAsJsonTextIsReadToo() {
    String body = "{\"Image\":\"busybox\",\"Privileges\":{\"Seccomp\":{\"Mode\":\"custom\",\"Profile\":"
        + Json.toString(PROFILE) + "}}}";
    assertThat(Json.read(body, ContainerSpec.class).privileges().seccomp().profile()).isEqualTo(PROFILE);
  }

  @Test
  void defaultPrivilegesAreNoPrivilegesSoAskingForTheDefaultChangesNoSpec() {
    ContainerSpec plain = new ContainerSpec("busybox", null, null, null, null, null, null, null, null);
    assertThat(withSeccomp(Seccomp.of(Mode.DEFAULT))).isEqualTo(plain);
    assertThat(withSeccomp(null)).isEqualTo(plain);
    assertThat(Json.read("{\"Image\":\"busybox\",\"Privileges\":{\"Seccomp\":{}}}", ContainerSpec.class))
        .isEqualTo(plain);
    assertThat(plain.privileges()).isNull();
    assertThat(plain.seccomp()).isEqualTo(Seccomp.of(Mode.DEFAULT));
    assertThat(Json.toString(plain)).doesNotContain("Privileges").doesNotContain("Seccomp");
  }

  @Test
  void aChangedSeccompSettingIsAChangedSpec() {
    ContainerSpec plain = new ContainerSpec("busybox", null, null, null, null, null, null, null, null);
    assertThat(withSeccomp(Seccomp.of(Mode.UNCONFINED))).isNotEqualTo(plain);
    assertThat(withSeccomp(Seccomp.custom(PROFILE))).isNotEqualTo(withSeccomp(Seccomp.of(Mode.UNCONFINED)));
    assertThat(withSeccomp(Seccomp.custom(PROFILE))).isNotEqualTo(
        withSeccomp(Seccomp.custom("{\"defaultAction\":\"SCMP_ACT_ALLOW\"}")));
    assertThat(withSeccomp(Seccomp.custom(PROFILE)).withImage("busybox@sha256:aa").privileges())
        .as("pinning the image keeps the privileges").isEqualTo(new Privileges(Seccomp.custom(PROFILE)));
  }

  @Test
  void anUnknownModeIsRefusedNamingTheFlag() {
    assertThatThrownBy(() -> Mode.parse("strict"))
        .hasMessage("invalid seccomp mode 'strict': use default, unconfined or custom"
            + " (--security-opt seccomp=unconfined|default|FILE)");
    assertThatThrownBy(() -> Json.read("{\"Seccomp\":{\"Mode\":\"strict\"}}", Privileges.class))
        .hasMessageContaining("invalid seccomp mode 'strict'");
  }

  @Test
  void customNeedsAProfileWithADefaultActionAndOtherModesTakeNone() {
    assertThat(withSeccomp(new Seccomp(Mode.CUSTOM, null)).validate())
        .containsExactly("invalid seccomp setting (--security-opt seccomp=FILE): mode custom needs a profile");
    assertThat(withSeccomp(Seccomp.custom("{\"syscalls\":[]}")).validate()).containsExactly(
        "invalid seccomp profile (--security-opt seccomp=FILE): has no defaultAction"
            + " (e.g. \"defaultAction\": \"SCMP_ACT_ERRNO\")");
    assertThat(withSeccomp(Seccomp.custom("{\"defaultAction\": ")).validate()).singleElement().asString()
        .startsWith("invalid seccomp profile (--security-opt seccomp=FILE): not JSON (");
    assertThat(withSeccomp(Seccomp.custom("[1]")).validate()).singleElement().asString()
        .endsWith("must be a JSON object with a defaultAction");
    assertThat(withSeccomp(Seccomp.custom("{\"defaultAction\":\"SCMP_ACT_ALLOW\"} trailing")).validate())
        .singleElement().asString().contains("not JSON");
    assertThat(withSeccomp(new Seccomp(Mode.UNCONFINED, PROFILE)).validate()).containsExactly(
        "invalid seccomp setting (--security-opt seccomp): a profile is only used with mode custom, not unconfined");
    assertThat(withSeccomp(Seccomp.custom(PROFILE)).validate()).isEmpty();
  }

  @Test
  void profileChecksFindMixedArchitectureFormsAndABadSyscallList() {
    assertThat(Seccomp.profileProblem("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":{}}"))
        .contains("syscalls must be a list");
    assertThat(Seccomp.profileProblem("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"architectures\":[\"SCMP_ARCH_X86_64\"],"
        + "\"archMap\":[{\"architecture\":\"SCMP_ARCH_X86_64\"}]}")).contains("has both architectures and archMap: give one");
  }

  @Test
  void containerSpecProblemsIncludeThePrivileges() {
    ContainerSpec bad = new ContainerSpec(null, null, null, List.of(), null, null, null, null, null, null,
        new Privileges(new Seccomp(Mode.CUSTOM, null)));
    assertThat(bad.validate()).containsExactly("image is required",
        "invalid seccomp setting (--security-opt seccomp=FILE): mode custom needs a profile");
  }
}
