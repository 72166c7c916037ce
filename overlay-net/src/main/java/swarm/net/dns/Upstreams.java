package swarm.net.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The resolvers that get the names that are not the swarm's, as {@link DnsSettings} says: a fixed list, or the
 * {@code nameserver} lines of a resolv.conf, read again when the file changes (DHCP, NetworkManager and
 * systemd-resolved rewrite it while the daemon runs; Docker only reads it when a container starts). The file is
 * looked at no more than once a second. Thread-safe.
 */
final class Upstreams {
  private static final long RECHECK_NANOS = 1_000_000_000L;

  private final Path resolvConf; // null: fixed
  private final LongSupplier nanoTime;
  private volatile Snapshot snapshot;

  private record Snapshot(List<InetSocketAddress> resolvers, FileTime modified, long size, long checkedAt) {}

  private Upstreams(List<InetSocketAddress> fixed, Path resolvConf, LongSupplier nanoTime) {
    this.resolvConf = resolvConf;
    this.nanoTime = nanoTime;
    this.snapshot = new Snapshot(fixed, null, -1, nanoTime.getAsLong());
    if (resolvConf != null) {
      this.snapshot = read(nanoTime.getAsLong());
    }
  }

  static Upstreams of(DnsSettings settings) {
    return settings.resolvConf() == null ? new Upstreams(settings.upstreams(), null, System::nanoTime)
        : new Upstreams(List.of(), settings.resolvConf(), System::nanoTime);
  }

  /** Re-reads {@code resolvConf} when it changed, looking no more often than once a second of {@code nanoTime}. */
  static Upstreams watching(Path resolvConf, LongSupplier nanoTime) {
    return new Upstreams(List.of(), resolvConf, nanoTime);
  }

  /** The resolvers to try now, in order; empty when there are none. */
  List<InetSocketAddress> current() {
    Snapshot s = snapshot;
    if (resolvConf == null) {
      return s.resolvers();
    }
    long now = nanoTime.getAsLong();
    if (now - s.checkedAt() < RECHECK_NANOS) {
      return s.resolvers();
    }
    Snapshot next = read(now);
    snapshot = next;
    return next.resolvers();
  }

  private Snapshot read(long now) {
    Snapshot s = snapshot;
    FileTime modified = null;
    long size = -1;
    try {
      BasicFileAttributes a = Files.readAttributes(resolvConf, BasicFileAttributes.class);
      modified = a.lastModifiedTime();
      size = a.size();
    } catch (IOException e) {
      // missing or unreadable: no upstream, as DnsSettings.hostResolvers says
    }
    if (s != null && s.modified() != null && s.modified().equals(modified) && s.size() == size) {
      return new Snapshot(s.resolvers(), modified, size, now);
    }
    List<InetSocketAddress> resolvers;
    try {
      resolvers = DnsSettings.hostResolvers(resolvConf);
    } catch (RuntimeException e) {
      resolvers = s == null ? List.of() : s.resolvers(); // keep what worked
    }
    return new Snapshot(resolvers, modified, size, now);
  }
}
