package swarm.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import swarm.net.dns.DnsSettings;

/**
 * One host of a {@link Testbed}: network namespace {@code P-hI} with {@code eth0} on the underlay, its own address,
 * and a node daemon with its own data dir and socket under the work dir ({@code W/hI/}).
 *
 * <p>The daemon runs in the host's network namespace and in its own UTS namespace with hostname {@code P-hI} (so node
 * names differ), but in the machine's mount namespace: {@code ip netns exec} would remount /sys and hide
 * /sys/fs/cgroup from runc. The CLI runs in the root namespace; the socket is a file. One test thread drives a host;
 * {@link #kill9} may also come from the teardown thread.
 */
public final class Host {
  private final int index;
  private final String namespace;
  private final String ip;
  private final Path dir;
  private final DataDir dataDir;
  private final DaemonProcess daemon;

  Host(String prefix, int index, Path workDir) throws IOException {
    this.index = index;
    this.namespace = prefix + "-h" + index;
    this.dir = workDir.resolve("h" + index);
    this.ip = Files.readString(dir.resolve("ip")).strip();
    this.dataDir = new DataDir(dir.resolve("data"));
    // The machine's /etc/resolv.conf names resolvers this host cannot reach: its daemon reads its own, empty
    // until a test names a resolver there.
    Files.writeString(resolvConf(), "", java.nio.file.StandardOpenOption.CREATE);
    List<String> launcher = List.of("env", "JAVA_TOOL_OPTIONS=-D" + DnsSettings.RESOLV_CONF_KEY + "=" + resolvConf(),
        "nsenter", "--net=/run/netns/" + namespace, "unshare", "--uts", "sh", "-c",
        "hostname \"$1\" && shift && exec \"$@\"", "sh", namespace);
    this.daemon = new DaemonProcess(launcher, dataDir.path(), socket(), dir.resolve("daemon.log"));
  }

  /** The resolv.conf whose resolvers this host's daemon asks for names that are not the swarm's. */
  public Path resolvConf() {
    return dir.resolve("resolv.conf");
  }

  /** {@code h1}, {@code h2}, ... */
  public String name() {
    return "h" + index;
  }

  /** 1-based, as in the names. */
  public int index() {
    return index;
  }

  /** The network namespace, {@code P-hI}; also the daemon's hostname and so its node name. */
  public String namespace() {
    return namespace;
  }

  /** The host's address on the underlay ({@code eth0}). */
  public String ip() {
    return ip;
  }

  /** {@code W/hI}: data dir, socket and daemon log live here. */
  public Path dir() {
    return dir;
  }

  public Path dataDir() {
    return dataDir.path();
  }

  public Path socket() {
    return dir.resolve("swarm.sock");
  }

  public Path daemonLog() {
    return dir.resolve("daemon.log");
  }

  /** Starts the daemon and returns once it answers; fails with its log if it exits first. */
  public Host startDaemon() throws IOException {
    daemon.start();
    Files.writeString(dir.resolve("daemon.pid"), daemon.pid() + "\n");
    return this;
  }

  /** Like a crash of the daemon (SIGKILL); its containers keep running. */
  public void kill9() throws InterruptedException {
    daemon.kill9();
  }

  /** SIGTERM, as an operator stops the daemon. */
  public void stop() throws InterruptedException {
    daemon.stop();
  }

  /** Stops the daemon and starts it again on the same data dir. */
  public Host restart() throws IOException, InterruptedException {
    daemon.stop();
    return startDaemon();
  }

  public boolean daemonRunning() {
    return daemon.isAlive();
  }

  public long daemonPid() {
    return daemon.pid();
  }

  /** {@code swarm -H unix://SOCKET args...} as a user runs it. */
  public SwarmCommand.Result cli(String... args) throws IOException, InterruptedException {
    return SwarmCommand.cli(socket(), dir, args);
  }

  /** Runs a command in the host's network namespace ({@code ip netns exec}), e.g. to probe the network. */
  public SwarmCommand.Result exec(String... command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    cmd.addAll(List.of(command));
    return SwarmCommand.run(cmd, dir, 60, String.join(" ", cmd));
  }

  /** One ping from this host to {@code address}, waiting at most a second for the answer. */
  public boolean canReach(String address) throws IOException, InterruptedException {
    // busybox is what CI installs (busybox-static); iputils' ping is often missing on minimal machines.
    return Requirements.onPath("ping") ? exec("ping", "-c1", "-W1", address).ok()
        : exec("busybox", "ping", "-c1", "-W1", address).ok();
  }

  /**
   * Takes the host off the underlay ({@code eth0} down): it keeps running but sends and receives nothing, and the
   * route to the underlay goes with the link, so connections fail fast rather than time out.
   */
  public void cutOff() throws IOException, InterruptedException {
    link("down");
  }

  /** Puts the host back on the underlay after {@link #cutOff}; the kernel restores the subnet route with the link. */
  public void reconnect() throws IOException, InterruptedException {
    link("up");
  }

  private void link(String state) throws IOException, InterruptedException {
    SwarmCommand.Result r = SwarmCommand.run(List.of("ip", "-n", namespace, "link", "set", "eth0", state), dir, 30,
        "ip link set eth0 " + state);
    if (!r.ok()) {
      throw new IllegalStateException("ip -n " + namespace + " link set eth0 " + state + ": " + r.out() + r.err());
    }
  }

  /** Containers as runc lists them under this host's data dir. */
  public List<JsonNode> runcContainers() throws IOException, InterruptedException {
    return dataDir.runcContainers();
  }

  public List<JsonNode> runningContainers() throws IOException, InterruptedException {
    return dataDir.runningContainers();
  }

  /** Mount points under this host's data dir that are still mounted. */
  public List<String> mounts() throws IOException {
    return dataDir.mounts();
  }

  @Override
  public String toString() {
    return name() + " (" + namespace + ", " + ip + ")";
  }
}
