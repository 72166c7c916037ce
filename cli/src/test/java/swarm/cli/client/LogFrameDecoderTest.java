package swarm.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogFrameDecoderTest {
  static byte[] frame(int stream, String payload) {
    byte[] p = payload.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(stream);
    b.write(0);
    b.write(0);
    b.write(0);
    b.write(p.length >>> 24);
    b.write(p.length >>> 16);
    b.write(p.length >>> 8);
    b.write(p.length);
    b.writeBytes(p);
    return b.toByteArray();
  }

  private static String text(LogFrame f) {
    return f.stream() + ":" + new String(f.payload(), StandardCharsets.UTF_8);
  }

  @Test
  void decodesSeveralFramesInOneChunk() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(frame(1, "hello\n"));
    b.writeBytes(frame(2, "oops\n"));
    List<LogFrame> frames = new LogFrameDecoder().feed(b.toByteArray());
    assertThat(frames).extracting(LogFrameDecoderTest::text).containsExactly("1:hello\n", "2:oops\n");
  }

  @Test
  void reassemblesFramesSplitAnywhere() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(frame(1, "first line\n"));
    b.writeBytes(frame(2, "é second\n"));
    b.writeBytes(frame(1, ""));
    byte[] all = b.toByteArray();
    for (int cut1 = 0; cut1 < all.length; cut1++) {
      for (int cut2 = cut1; cut2 < all.length; cut2 += 3) {
        LogFrameDecoder d = new LogFrameDecoder();
        List<LogFrame> frames = new ArrayList<>(d.feed(Arrays.copyOfRange(all, 0, cut1)));
        frames.addAll(d.feed(Arrays.copyOfRange(all, cut1, cut2)));
        frames.addAll(d.feed(Arrays.copyOfRange(all, cut2, all.length)));
        assertThat(frames).extracting(LogFrameDecoderTest::text)
            .containsExactly("1:first line\n", "2:é second\n", "1:");
        assertThat(d.buffered()).isZero();
      }
    }
  }

  @Test
  void keepsAnIncompleteFrameForLater() {
    byte[] f = frame(1, "abc");
    LogFrameDecoder d = new LogFrameDecoder();
    assertThat(d.feed(Arrays.copyOf(f, 9))).isEmpty();
    assertThat(d.buffered()).isEqualTo(9);
    assertThat(d.feed(Arrays.copyOfRange(f, 9, f.length))).extracting(LogFrameDecoderTest::text).containsExactly("1:abc");
  }

  @Test
  void lengthIsAnUnsignedBigEndianInteger() {
    String big = "x".repeat(70_000);
    assertThat(new LogFrameDecoder().feed(frame(1, big)).get(0).payload()).hasSize(70_000);
  }

  @Test
  void lineSplitterKeepsPartialLines() {
    LineSplitter s = new LineSplitter();
    assertThat(s.feed("a\nb".getBytes(StandardCharsets.UTF_8))).containsExactly("a");
    assertThat(s.feed("c\r\n\n".getBytes(StandardCharsets.UTF_8))).containsExactly("bc", "");
    assertThat(s.feed("tail".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(s.flush()).containsExactly("tail");
  }

  @Test
  void queryEncodesDockerFilters() {
    assertThat(Query.path("/tasks").filters(java.util.Map.of("service", List.of("web"))).toString())
        .isEqualTo("/tasks?filters=%7B%22service%22%3A%5B%22web%22%5D%7D");
    assertThat(Query.path("/x").param("a", 1).param("b", null).param("c", "a b").toString()).isEqualTo("/x?a=1&c=a+b");
  }

  @Test
  void hostResolution() {
    assertThat(DaemonAddress.resolve(null, java.util.Map.of()).socket().toString()).isEqualTo("/run/swarm/swarm.sock");
    assertThat(DaemonAddress.resolve(null, java.util.Map.of("SWARM_HOST", "unix:///tmp/s.sock")).socket().toString())
        .isEqualTo("/tmp/s.sock");
    assertThat(DaemonAddress.resolve("unix:///a.sock", java.util.Map.of("SWARM_HOST", "unix:///b.sock")).uri())
        .isEqualTo("unix:///a.sock");
  }
}
