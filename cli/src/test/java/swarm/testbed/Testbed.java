package swarm.testbed;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * N hosts on this machine for end-to-end tests (DESIGN.md §7), as a JUnit 5 extension:
 *
 * <pre>{@code
 * @RegisterExtension static Testbed testbed = Testbed.hosts(3);   // one testbed for the class
 * ...
 * Host h1 = testbed.host(1);
 * h1.cli("swarm", "init", "--advertise-addr", h1.ip());
 * testbed.host(2).cutOff();
 * }</pre>
 *
 * On a static field it lives from beforeAll to afterAll; on an instance field, one per test. Outside JUnit it is an
 * {@link AutoCloseable}: {@code try (Testbed t = Testbed.hosts(2).start()) {...}}. Each testbed has a fresh prefix
 * ({@code tb} and 4 random characters), so runs side by side do not meet. Daemons are started on every host unless
 * {@link #withoutDaemons()}. Teardown (kill every daemon, then {@code testbed.sh down}: containers, mounts, cgroups,
 * namespaces, work dir) runs after the tests whatever their outcome, from a JVM shutdown hook if the run is
 * interrupted, and at the next start on this machine if the JVM was killed ({@link AbandonedTestbeds}). Daemon logs
 * are kept in {@code target/testbed-logs/PREFIX/}. Skipped (an assumption) without root, runc or usable network
 * namespaces, or with {@code -Dswarm.it.skip=true}.
 *
 * <p>Started and closed by the test thread; the shutdown hook may close concurrently, so close is synchronized.
 */
public final class Testbed implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
    AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int size;
  private final boolean daemons;
  private String prefix;
  private List<Host> hosts = List.of();
  private Thread shutdownHook;
  private boolean perTest;
  private boolean closed;

  private Testbed(int size, boolean daemons) {
    if (size < 1 || size > 200) {
      throw new IllegalArgumentException("a testbed has 1-200 hosts, not " + size);
    }
    this.size = size;
    this.daemons = daemons;
  }

  /** A testbed of {@code n} hosts, each with a running daemon once started. */
  public static Testbed hosts(int n) {
    return new Testbed(n, true);
  }

  /** The same testbed with the daemons left to the test ({@link Host#startDaemon()}). */
  public Testbed withoutDaemons() {
    return new Testbed(size, false);
  }

  /** Makes the namespaces and underlay and starts the daemons (in parallel); skips the test if the machine can't. */
  public synchronized Testbed start() throws Exception {
    if (prefix != null) {
      throw new IllegalStateException("testbed " + prefix + " already started");
    }
    Optional<String> missing = Requirements.missingForTestbed();
    assumeTrue(missing.isEmpty(), () -> "testbed: " + missing.orElse(""));
    AbandonedTestbeds.sweep(TestbedScript.ROOT);
    prefix = randomPrefix();
    shutdownHook = new Thread(this::closeQuietly, "testbed-" + prefix + "-teardown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    try {
      TestbedScript.up(prefix, size);
      AbandonedTestbeds.claim(workDir());
      List<Host> made = new ArrayList<>();
      for (int i = 1; i <= size; i++) {
        made.add(new Host(prefix, i, workDir()));
      }
      hosts = List.copyOf(made);
      if (daemons) {
        startDaemons();
      }
      return this;
    } catch (Exception | Error e) {
      try {
        close();
      } catch (Exception teardown) {
        e.addSuppressed(teardown);
      }
      throw e;
    }
  }

  private void startDaemons() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(size, 8));
    try {
      List<CompletableFuture<Void>> starts = hosts.stream().map(h -> CompletableFuture.runAsync(() -> {
        try {
          h.startDaemon();
        } catch (IOException e) {
          throw new CompletionException(e);
        }
      }, pool)).toList();
      CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Unique per testbed: {@code tb} and 4 random characters (names of namespaces, work dir). */
  public String prefix() {
    return prefix;
  }

  /** {@code /tmp/swarm-testbed-PREFIX}: one dir per host ({@link Host#dir()}). */
  public Path workDir() {
    return TestbedScript.workDir(prefix);
  }

  public List<Host> hosts() {
    return hosts;
  }

  /** Host {@code i}, 1-based as in {@code h1}. */
  public Host host(int i) {
    return hosts.get(i - 1);
  }

  /**
   * Kills every daemon, keeps their logs, then removes containers, mounts, cgroups, namespaces and the work dir.
   * Idempotent; every step is tried even if one fails.
   */
  @Override
  public synchronized void close() throws Exception {
    if (closed || prefix == null) {
      return;
    }
    closed = true;
    Exception failure = null;
    for (Host h : hosts) {
      try {
        h.kill9();
      } catch (Exception e) {
        failure = suppress(failure, e);
      }
    }
    keepLogs();
    try {
      TestbedScript.down(prefix);
    } catch (Exception e) {
      failure = suppress(failure, e);
    }
    if (Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs or has run; close is idempotent
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static Exception suppress(Exception first, Exception next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  private void closeQuietly() {
    try {
      close();
    } catch (Exception e) {
      System.err.println("testbed " + prefix + ": teardown failed: " + e);
    }
  }

  /** Daemon logs outlive the work dir, for a failed test's post-mortem: target/testbed-logs/PREFIX/hI.log. */
  private void keepLogs() {
    Path target = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target");
    if (!Files.isDirectory(target)) {
      return;
    }
    for (Host h : hosts) {
      try {
        if (Files.exists(h.daemonLog())) {
          Path to = Files.createDirectories(target.resolve("testbed-logs").resolve(prefix));
          Files.copy(h.daemonLog(), to.resolve(h.name() + ".log"), StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException e) {
        // a missing log must not stop the teardown
      }
    }
  }

  private static String randomPrefix() {
    String chars = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder p = new StringBuilder("tb");
    for (int i = 0; i < 4; i++) {
      p.append(chars.charAt(RANDOM.nextInt(chars.length())));
    }
    return p.toString();
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    close();
  }

  /** Registered on an instance field, JUnit calls only the per-test callbacks: then a testbed per test. */
  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (prefix == null) {
      perTest = true;
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (perTest) {
      close();
    }
  }

  @Override
  public String toString() {
    return "testbed " + prefix + " (" + size + " hosts)";
  }
}
