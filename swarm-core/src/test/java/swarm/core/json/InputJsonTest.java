package swarm.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import swarm.core.error.SwarmException;
import swarm.core.spec.ServiceSpec;

class InputJsonTest {
  private static final String IMAGE = "\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"busybox\"}}";

  private static ServiceSpec read(String json) {
    return InputJson.read(json.getBytes(StandardCharsets.UTF_8), ServiceSpec.class);
  }

  private static String refusal(String json) {
    try {
      read(json);
    } catch (SwarmException e) {
      assertThat(e.kind()).isEqualTo(SwarmException.Kind.INVALID);
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + json);
  }

  @Test
  void aStringOrAFloatForAnIntegerIsRefusedNamingTheFieldPath() {
    assertThat(refusal("{\"Name\":\"web\",\"Mode\":{\"Replicated\":{\"Replicas\":\"3\"}}}"))
        .isEqualTo("invalid value for Mode.Replicated.Replicas: expected an integer, got \"3\"");
    assertThat(refusal("{\"Name\":\"web\",\"Mode\":{\"Replicated\":{\"Replicas\":1.5}}}"))
        .isEqualTo("invalid value for Mode.Replicated.Replicas: expected an integer, got 1.5");
    assertThat(refusal("{\"Name\":\"web\",\"Mode\":{\"Replicated\":{\"Replicas\":3.0}}}"))
        .isEqualTo("invalid value for Mode.Replicated.Replicas: expected an integer, got 3.0");
    assertThat(refusal("{\"Name\":\"web\",\"Mode\":{\"Replicated\":{\"Replicas\":true}}}"))
        .isEqualTo("invalid value for Mode.Replicated.Replicas: expected an integer, got true");
  }

  @Test
  void aNumberForAStringIsRefused() {
    assertThat(refusal("{\"Name\":123," + IMAGE + "}")).isEqualTo("invalid value for Name: expected a string, got 123");
    assertThat(refusal("{\"Name\":\"web\",\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"b\",\"Env\":[\"A=1\",2]}}}"))
        .isEqualTo("invalid value for TaskTemplate.ContainerSpec.Env[1]: expected a string, got 2");
  }

  @Test
  void nullInsideAListOrAMapIsRefusedInsteadOfFailingInTheRecord() {
    assertThat(refusal("{\"Name\":\"web\",\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"b\",\"Env\":[\"A=1\",null]}}}"))
        .startsWith("invalid value for TaskTemplate.ContainerSpec.Env[1]").endsWith("got null");
    assertThat(refusal("{\"Name\":\"web\",\"Labels\":{\"a\":null}," + IMAGE + "}"))
        .startsWith("invalid value for Labels.a").endsWith("got null");
  }

  @Test
  void anIntegerOutOfRangeIsRefusedNamingTheField() {
    assertThat(refusal("{\"Name\":\"web\",\"TaskTemplate\":{\"Resources\":{\"Limits\":{\"MemoryBytes\":"
        + "99999999999999999999}}}}")).isEqualTo("invalid value for TaskTemplate.Resources.Limits.MemoryBytes: "
        + "expected an integer, got 99999999999999999999 (out of range)");
  }

  @Test
  void theWrongShapeIsNamed() {
    assertThat(refusal("{\"Name\":\"web\",\"Mode\":\"replicated\"}"))
        .isEqualTo("invalid value for Mode: expected an object, got \"replicated\"");
    assertThat(refusal("{\"Name\":\"web\",\"TaskTemplate\":{\"ContainerSpec\":{\"Env\":\"A=1\"}}}"))
        .isEqualTo("invalid value for TaskTemplate.ContainerSpec.Env: expected an array, got \"A=1\"");
    assertThat(refusal("[1,2]")).isEqualTo("invalid value for ServiceSpec: expected an object, got an array");
  }

  @Test
  void anUnknownEnumWordSaysWhatIsAllowed() {
    assertThat(refusal("{\"Name\":\"web\",\"TaskTemplate\":{\"RestartPolicy\":{\"Condition\":\"sometimes\"}}}"))
        .startsWith("invalid value for TaskTemplate.RestartPolicy.Condition: invalid restart condition 'sometimes'");
    assertThat(refusal("{\"Name\":\"web\",\"TaskTemplate\":{\"RestartPolicy\":{\"Condition\":1}}}"))
        .isEqualTo("invalid value for TaskTemplate.RestartPolicy.Condition: expected a string, got 1");
  }

  @Test
  void anythingAfterTheValueIsRefusedWithWhereItStarts() {
    assertThat(refusal("{\"Name\":\"web\"} {}"))
        .isEqualTo("invalid JSON for ServiceSpec: unexpected data after the JSON value at line 1, column 15");
    assertThat(refusal("{\"Name\":\"web\"}garbage"))
        .isEqualTo("invalid JSON for ServiceSpec: unexpected data after the JSON value at line 1, column 15");
  }

  @Test
  void anEmptyOrNullBodyOrOneThatIsNotJsonIsRefused() {
    assertThat(refusal("")).isEqualTo("request body is empty: expected a JSON ServiceSpec");
    assertThat(refusal("  \n")).isEqualTo("request body is empty: expected a JSON ServiceSpec");
    assertThat(refusal("null")).isEqualTo("request body is null: expected a JSON ServiceSpec");
    assertThat(refusal("{\"Name\":")).startsWith("invalid JSON for ServiceSpec at line 1");
    assertThat(refusal("not json")).startsWith("invalid JSON for ServiceSpec at line 1, column ");
    assertThatThrownBy(() -> InputJson.read(null, ServiceSpec.class)).hasMessageContaining("empty");
  }

  @Test
  void aWellFormedSpecReadsAsTheLogCodecReadsIt() {
    String json = "{\"Name\":\"web\",\"Labels\":{\"a\":\"b\"},\"Mode\":{\"Replicated\":{\"Replicas\":3}},"
        + "\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"busybox\",\"Env\":[\"A=1\"],\"StopGracePeriod\":1000},"
        + "\"Resources\":{\"Limits\":{\"NanoCPUs\":500000000,\"MemoryBytes\":67108864}},"
        + "\"RestartPolicy\":{\"Condition\":\"on-failure\"}}}";
    assertThat(read(json)).isEqualTo(Json.read(json, ServiceSpec.class));
  }

  @Test
  void theLogCodecStaysLenientSoCommittedEntriesStillReplay() {
    ServiceSpec old = Json.read("{\"Name\":\"web\",\"Mode\":{\"Replicated\":{\"Replicas\":\"3\"}}}", ServiceSpec.class);
    assertThat(old.mode().replicated().replicas()).isEqualTo(3);
  }
}
