package swarm.net.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpstreamsTest {
  private static final long SECOND = 1_000_000_000L;

  @TempDir
  Path dir;

  private final AtomicLong clock = new AtomicLong();

  @Test
  void aChangedResolvConfIsFollowedWithinASecond() throws IOException {
    Path file = dir.resolve("resolv.conf");
    write(file, "nameserver 10.0.0.1\n", 1);
    Upstreams upstreams = Upstreams.watching(file, clock::get);
    assertThat(upstreams.current()).containsExactly(new InetSocketAddress("10.0.0.1", 53));

    write(file, "nameserver 10.0.0.2\nnameserver 10.0.0.3\n", 2);
    clock.addAndGet(SECOND / 2);
    assertThat(upstreams.current()).as("not looked at again yet").containsExactly(new InetSocketAddress("10.0.0.1", 53));
    clock.addAndGet(SECOND);
    assertThat(upstreams.current())
        .containsExactly(new InetSocketAddress("10.0.0.2", 53), new InetSocketAddress("10.0.0.3", 53));
  }

  @Test
  void aResolvConfThatAppearsLaterGivesUpstreamsAndOneThatGoesTakesThem() throws IOException {
    Path file = dir.resolve("resolv.conf");
    Upstreams upstreams = Upstreams.watching(file, clock::get);
    assertThat(upstreams.current()).isEmpty();

    write(file, "nameserver 10.0.0.9\n", 1);
    clock.addAndGet(2 * SECOND);
    assertThat(upstreams.current()).containsExactly(new InetSocketAddress("10.0.0.9", 53));

    Files.delete(file);
    clock.addAndGet(2 * SECOND);
    assertThat(upstreams.current()).isEmpty();
  }

  @Test
  void fixedUpstreamsAreWhatTheSettingsSay() {
    InetSocketAddress u = new InetSocketAddress("10.0.0.5", 53);
    Upstreams upstreams = Upstreams.of(DnsSettings.defaults().withUpstreams(java.util.List.of(u)));
    assertThat(upstreams.current()).containsExactly(u);
  }

  /** Writes with a distinct modification time, as two writes a second apart would have. */
  private static void write(Path file, String text, long second) throws IOException {
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(1_700_000_000L + second)));
  }
}
