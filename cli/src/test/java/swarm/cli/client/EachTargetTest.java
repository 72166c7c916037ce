package swarm.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.error.SwarmException;

class EachTargetTest {
  @Test
  void triesEveryTargetThenReportsTheFailuresTogetherAfterFlushing() {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text, false);
    assertThatThrownBy(() -> EachTarget.run(List.of("a", "b", "c"), t -> {
      if (!t.equals("b")) {
        throw SwarmException.notFound("no such thing: " + t);
      }
      out.println(t);
    }, out)).isInstanceOfSatisfying(SwarmException.class, e -> {
      assertThat(e.kind()).isEqualTo(SwarmException.Kind.INVALID);
      assertThat(e.getMessage()).isEqualTo("no such thing: a; no such thing: c");
    });
    assertThat(text.toString()).isEqualTo("b" + System.lineSeparator());
  }

  @Test
  void anUnreachableDaemonStopsAtOnce() {
    List<String> tried = new ArrayList<>();
    SwarmException unreachable = SwarmException.unavailable("cannot connect to the swarm daemon at unix:///x");
    assertThatThrownBy(() -> EachTarget.attempt(List.of("a", "b"), t -> {
      tried.add(t);
      throw unreachable;
    })).isSameAs(unreachable);
    assertThat(tried).containsExactly("a");
  }

  @Test
  void aDaemonAnswerThatOnlyReadsLikeItIsCollected() {
    assertThat(EachTarget.attempt(List.of("a"), t -> {
      throw SwarmException.invalid("cannot connect the network to a global service");
    })).containsExactly("cannot connect the network to a global service");
  }
}
