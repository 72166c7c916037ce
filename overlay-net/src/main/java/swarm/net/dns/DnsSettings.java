package swarm.net.dns;

import io.netty.util.NetUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the embedded DNS server listens, answers and forwards. Immutable; {@link #defaults()} is Docker's embedded
 * resolver with the host's resolvers as upstreams, and the {@code with*} methods change one setting.
 *
 * @param listen where a task's queries arrive inside its namespace ({@code 127.0.0.11:53}, as Docker)
 * @param upstreams the resolvers that get every name that is not a swarm name, tried in order; at most
 *     {@value #MAX_UPSTREAMS} (glibc's MAXNS, Docker's maxExtDNS). Empty: such names are answered NXDOMAIN
 * @param resolvConf when not null, the upstreams are this file's {@code nameserver} lines instead, read again
 *     whenever it changes (the host's {@code /etc/resolv.conf}, or the file {@value #RESOLV_CONF_KEY} names)
 * @param upstreamTimeout how long one upstream has to answer before the next is tried (Docker: 4 s)
 * @param vipTtl the TTL of a VIP answer: 600 s like Docker, since a VIP lives as long as its service
 * @param taskTtl the TTL of task-address answers ({@code tasks.NAME}, dnsrr): 5 s, not Docker's 600 s, so a
 *     client that caches answers (nginx, a JVM, a caching stub) stops dialling a stopped task within 5 s —
 *     CoreDNS answers Kubernetes' headless services with the same 5 s
 * @param maxForwards how many forwarded queries may wait for an upstream at once; more are answered SERVFAIL
 *     (Docker: 1024)
 */
public record DnsSettings(InetSocketAddress listen, List<InetSocketAddress> upstreams, Path resolvConf,
                          Duration upstreamTimeout, Duration vipTtl, Duration taskTtl, int maxForwards) {
  public static final int MAX_UPSTREAMS = 3;
  public static final Path HOST_RESOLV_CONF = Path.of("/etc/resolv.conf");
  /** The system property naming another resolv.conf than the host's for the upstreams (tests, odd hosts). */
  public static final String RESOLV_CONF_KEY = "swarm.dns.resolvConf";

  public DnsSettings {
    List<String> problems = new ArrayList<>();
    if (listen == null) {
      problems.add("listen: an address and port are required (default 127.0.0.11:53)");
    }
    upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
    if (resolvConf != null && !upstreams.isEmpty()) {
      problems.add("upstreams: give either resolvers or a resolv.conf to read them from, not both");
    }
    if (upstreams.size() > MAX_UPSTREAMS) {
      problems.add("upstreams: at most " + MAX_UPSTREAMS + " resolvers, got " + upstreams.size());
    }
    if (upstreamTimeout == null || upstreamTimeout.isNegative() || upstreamTimeout.isZero()) {
      problems.add("upstreamTimeout: must be positive (default 4s), got " + upstreamTimeout);
    }
    for (var ttl : new Object[][] {{"vipTtl", vipTtl}, {"taskTtl", taskTtl}}) {
      Duration d = (Duration) ttl[1];
      if (d == null || d.isNegative() || d.toSeconds() > Integer.MAX_VALUE) {
        problems.add(ttl[0] + ": must be 0 s or more, in whole seconds, got " + d);
      }
    }
    if (maxForwards < 1) {
      problems.add("maxForwards: must be at least 1 (default 1024), got " + maxForwards);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid DNS settings: " + String.join("; ", problems));
    }
  }

  /**
   * Docker's embedded resolver: 127.0.0.11:53, the host's resolvers (the resolv.conf {@value #RESOLV_CONF_KEY}
   * names, else {@code /etc/resolv.conf}, followed as it changes), 4 s per upstream, TTLs as documented.
   */
  public static DnsSettings defaults() {
    String file = System.getProperty(RESOLV_CONF_KEY);
    return new DnsSettings(new InetSocketAddress(loopback11(), 53), List.of(),
        file == null || file.isBlank() ? HOST_RESOLV_CONF : Path.of(file.strip()),
        Duration.ofSeconds(4), Duration.ofSeconds(600), Duration.ofSeconds(5), 1024);
  }

  public DnsSettings withListen(InetSocketAddress l) {
    return new DnsSettings(l, upstreams, resolvConf, upstreamTimeout, vipTtl, taskTtl, maxForwards);
  }

  /** These resolvers, fixed (no resolv.conf is read). */
  public DnsSettings withUpstreams(List<InetSocketAddress> u) {
    return new DnsSettings(listen, u, null, upstreamTimeout, vipTtl, taskTtl, maxForwards);
  }

  public DnsSettings withUpstreamTimeout(Duration t) {
    return new DnsSettings(listen, upstreams, resolvConf, t, vipTtl, taskTtl, maxForwards);
  }

  /**
   * The {@code nameserver} lines of a resolv.conf, first {@value #MAX_UPSTREAMS}, port 53 (as glibc reads it).
   * A missing file means no upstream (glibc would then ask the local host; a daemon has no resolver there).
   */
  public static List<InetSocketAddress> hostResolvers(Path resolvConf) {
    List<String> lines;
    try {
      lines = Files.readAllLines(resolvConf);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resolvConf, e);
    }
    List<InetSocketAddress> found = new ArrayList<>();
    for (String line : lines) {
      String[] words = line.strip().split("\\s+");
      if (words.length >= 2 && words[0].equals("nameserver") && found.size() < MAX_UPSTREAMS) {
        // Only literals count (glibc ignores anything else on a nameserver line).
        InetAddress address = NetUtil.createInetAddressFromIpAddressString(words[1]);
        if (address != null) {
          found.add(new InetSocketAddress(address, 53));
        }
      }
    }
    return List.copyOf(found);
  }

  private static InetAddress loopback11() {
    return NetUtil.createInetAddressFromIpAddressString("127.0.0.11");
  }
}
