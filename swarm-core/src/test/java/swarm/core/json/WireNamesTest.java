package swarm.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import swarm.core.spec.PortConfig;
import swarm.core.spec.RestartPolicy;

class WireNamesTest {
  @Test
  void wordsAreLowerCaseWithDashesAndParseInAnyCase() {
    assertThat(RestartPolicy.Condition.ON_FAILURE.wire()).isEqualTo("on-failure");
    assertThat(RestartPolicy.Condition.parse("On-Failure")).isEqualTo(RestartPolicy.Condition.ON_FAILURE);
    assertThat(PortConfig.Protocol.parse("UDP")).isEqualTo(PortConfig.Protocol.UDP);
  }

  @Test
  void anUnknownWordNamesWhatIsAllowed() {
    assertThatThrownBy(() -> RestartPolicy.Condition.parse("always"))
        .hasMessage("invalid restart condition 'always': use none, on-failure or any");
    assertThatThrownBy(() -> PortConfig.PublishMode.parse("bridge"))
        .hasMessage("invalid publish mode 'bridge': use ingress or host");
  }
}
