package swarm.net.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LbSettingsTest {
  @Test
  void theVipIdleTimeoutDefaultsToADayAndTakesSecondsOrIsoDurations() {
    assertThat(LbSettings.VipIdleTimeout.parse(null)).isEqualTo(Duration.ofHours(24));
    assertThat(LbSettings.VipIdleTimeout.parse("5")).isEqualTo(Duration.ofSeconds(5));
    assertThat(LbSettings.VipIdleTimeout.parse("PT2H")).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void aBadVipIdleTimeoutNamesTheKeyAndWhatIsAllowed() {
    assertThatThrownBy(() -> LbSettings.VipIdleTimeout.parse("soon")).hasMessageContaining(
        "swarm.lb.vipIdleTimeout").hasMessageContaining("whole seconds");
    assertThatThrownBy(() -> LbSettings.VipIdleTimeout.parse("0")).hasMessageContaining("must be 1 s");
  }
}
