package swarm.net.vxlan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import swarm.net.vxlan.ForwardingTable.Peer;

class ForwardingTableTest {
  private static final Peer T2 = new Peer("10.0.1.3", "02:42:0a:00:01:03", "10.231.9.2");
  private static final Peer T3 = new Peer("10.0.1.4", "02:42:0a:00:01:04", "10.231.9.2");

  @Test
  void onlyTheDifferenceChanges() {
    Peer t4 = new Peer("10.0.1.5", "02:42:0a:00:01:05", "10.231.9.3");

    ForwardingTable.Changes c = ForwardingTable.diff(Set.of(T2, T3), Set.of(T2, t4));

    assertThat(c.removed()).containsExactly(T3);
    assertThat(c.added()).containsExactly(t4);
  }

  @Test
  void anEndpointThatMovedToAnotherNodeIsReprogrammed() {
    Peer moved = new Peer(T3.address(), T3.mac(), "10.231.9.3");

    ForwardingTable.Changes c = ForwardingTable.diff(Set.of(T2, T3), Set.of(T2, moved));

    assertThat(c.removed()).containsExactly(T3);
    assertThat(c.added()).containsExactly(moved);
  }

  @Test
  void halfEntriesReadBackFromTheKernelAreNeverWanted() {
    Peer fdbOnly = new Peer(null, T3.mac(), T3.nodeAddr());

    ForwardingTable.Changes c = ForwardingTable.diff(Set.of(T2, fdbOnly), Set.of(T2, T3));

    assertThat(c.removed()).containsExactly(fdbOnly);
    assertThat(c.added()).containsExactly(T3);
  }

  @Test
  void theSameViewTwiceChangesNothing() {
    assertThat(ForwardingTable.diff(Set.of(T2, T3), Set.of(T3, T2)).isEmpty()).isTrue();
  }
}
