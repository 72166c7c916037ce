package swarm.net.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class AddressPoolTest {
  @Test
  void theFirstAddressIsTheGatewayAndTasksGetTheLowestFreeAfterIt() {
    AddressPool pool = AddressPool.parse("172.18.0.0/16");
    assertThat(pool.gateway()).isEqualTo("172.18.0.1");
    assertThat(pool.next(Set.of())).isEqualTo("172.18.0.2");
    assertThat(pool.next(Set.of("172.18.0.2", "172.18.0.4"))).isEqualTo("172.18.0.3");
    assertThat(pool.cidr()).isEqualTo("172.18.0.0/16");
  }

  @Test
  void hostBitsOfTheSubnetAreIgnoredAndAFullPoolSaysSo() {
    AddressPool pool = AddressPool.parse("10.9.8.7/30");
    assertThat(pool.cidr()).isEqualTo("10.9.8.4/30");
    assertThat(pool.next(Set.of())).isEqualTo("10.9.8.6");
    assertThatThrownBy(() -> pool.next(Set.of("10.9.8.6"))).hasMessage("no free address left in 10.9.8.4/30");
  }

  @Test
  void aBadSubnetIsNamed() {
    assertThatThrownBy(() -> AddressPool.parse("172.18.0.0")).hasMessageStartingWith(
        "invalid subnet '172.18.0.0': use an IPv4 CIDR such as 172.18.0.0/16");
    assertThatThrownBy(() -> AddressPool.parse("fd00::/64")).hasMessageStartingWith("invalid subnet 'fd00::/64'");
    assertThatThrownBy(() -> AddressPool.parse("10.0.0.0/31")).hasMessageContaining("/31 is not between /8 and /30");
  }
}
