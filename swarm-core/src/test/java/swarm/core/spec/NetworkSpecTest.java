package swarm.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkSpecTest {
  @Test
  void anOverlayWithoutSubnetIsValidAndOverlayIsTheDefaultDriver() {
    NetworkSpec spec = new NetworkSpec("front", null, null, null, null, false, false);
    assertThat(spec.driver()).isEqualTo("overlay");
    assertThat(spec.validate()).isEmpty();
    assertThat(new NetworkSpec("front", null, "overlay", "10.9.0.0/24", "10.9.0.254", true, false).validate())
        .isEmpty();
  }

  @Test
  void everyProblemIsNamedWithItsFlag() {
    assertThat(new NetworkSpec("-bad", null, "bridge", "10.9.0.0/33", "10.10.0.1", false, false).validate())
        .containsExactly(
            "invalid network name '-bad': use 1-63 letters, digits, '_', '.' or '-', starting with a letter or digit",
            "network driver 'bridge' (--driver) is not supported: a swarm has only the overlay driver",
            "invalid subnet (--subnet): '10.9.0.0/33' is not an IPv4 CIDR such as 10.0.1.0/24");
    assertThat(new NetworkSpec("n", null, null, "10.9.0.0/24", "10.10.0.1", false, false).validate())
        .containsExactly("invalid gateway 10.10.0.1 (--gateway): must be a host address of subnet 10.9.0.0/24");
    assertThat(new NetworkSpec("n", null, null, null, "10.10.0.1", false, false).validate())
        .containsExactly("a gateway (--gateway) needs a subnet (--subnet)");
    assertThat(new NetworkSpec("n", null, null, "10.9.0.0/30", null, false, false).validate())
        .containsExactly("invalid subnet 10.9.0.0/30 (--subnet): the prefix length must be /8 to /29");
    assertThat(new NetworkSpec(null, null, null, null, null, false, false).validate())
        .containsExactly("network name is required");
  }

  @Test
  void cidrArithmetic() {
    Cidr c = Cidr.parse("10.0.1.77/24");
    assertThat(c).hasToString("10.0.1.0/24");
    assertThat(c.size()).isEqualTo(256);
    assertThat(Cidr.format(c.at(5))).isEqualTo("10.0.1.5");
    assertThat(c.withPrefix(c.at(5))).isEqualTo("10.0.1.5/24");
    assertThat(c.indexOf(Cidr.address("10.0.1.255"))).isEqualTo(255);
    assertThat(c.indexOf(Cidr.address("10.0.2.0"))).isEqualTo(-1);
    assertThat(c.overlaps(Cidr.parse("10.0.0.0/16"))).isTrue();
    assertThat(c.overlaps(Cidr.parse("10.0.2.0/24"))).isFalse();
    assertThat(Cidr.format(Cidr.parse("200.1.2.3/32").network())).isEqualTo("200.1.2.3");
    for (String bad : List.of("10.0.0.0", "10.0.0.256/24", "a.b.c.d/8", "10.0.0.0/x")) {
      assertThatThrownBy(() -> Cidr.parse(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
