package swarm.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import swarm.core.json.Json;

class ServiceModeTest {
  @Test
  void globalModeIsValidAndReadsFromDockerJson() throws Exception {
    ServiceMode mode = Json.MAPPER.readValue("{\"Global\":{}}", ServiceMode.class);
    assertThat(mode.isGlobal()).isTrue();
    assertThat(mode.validate()).isEmpty();
    assertThat(ServiceMode.ofGlobal().validate()).isEmpty();
  }

  @Test
  void bothModesAtOnceAreRefused() {
    ServiceMode both = new ServiceMode(new ServiceMode.Replicated(2L), new ServiceMode.Global());
    assertThat(both.validate()).containsExactly("service mode must be either replicated or global, not both");
  }
}
