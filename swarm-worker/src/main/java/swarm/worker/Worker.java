package swarm.worker;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import swarm.core.dispatch.DispatcherClient;
import swarm.core.error.SwarmException;
import swarm.core.object.TaskState;
import swarm.net.dns.DnsServer;
import swarm.net.dns.DnsSettings;
import swarm.net.dns.TaskResolvers;
import swarm.net.lb.ServiceLoadBalancing;
import swarm.net.lb.VipBalancer;
import swarm.net.task.TaskNetworks;
import swarm.net.vxlan.OverlayNetworks;
import swarm.worker.agent.Agent;
import swarm.worker.agent.HostDescription;
import swarm.worker.exec.TaskExecutor;
import swarm.worker.exec.oci.OciContainers;
import swarm.worker.exec.oci.OciRuntime;
import swarm.worker.image.ImageStore;
import swarm.worker.logs.LogServer;
import swarm.worker.logs.LogStore;

/**
 * The worker role of a node daemon, under {@code dataDir}: {@code images/} (the image store),
 * {@code containers/<id>/} (bundles and logs), {@code network/} (tasks' network namespaces, the gateway
 * network's published ports, {@code network/overlay/} the overlay networks) and {@code run/runc} (the
 * runtime's state).
 * Images and logs work without a container runtime; {@link #start} needs one.
 *
 * <p>Thread-safe. {@link #close} stops the agent but leaves containers running: the next daemon
 * on the same data dir adopts them.
 */
public final class Worker implements AutoCloseable {
  private final Path dataDir;
  private final String nodeId;
  private final java.util.Map<String, String> engineLabels;
  private final ImageStore images;
  private final LogStore logs;
  private final LogServer logServer;
  private final TaskNetworks networks;
  private final ServiceLoadBalancing loadBalancing;
  private final DnsServer dns;
  private volatile Agent agent;

  public Worker(Path dataDir, String nodeId) {
    this(dataDir, nodeId, java.util.Map.of());
  }

  /** @param engineLabels the daemon's labels, reported with the node's description ({@code engine.labels.K}) */
  public Worker(Path dataDir, String nodeId, java.util.Map<String, String> engineLabels) {
    this.dataDir = dataDir;
    this.nodeId = nodeId;
    this.engineLabels = java.util.Map.copyOf(engineLabels);
    this.images = new ImageStore(dataDir.resolve("images"));
    this.logs = new LogStore(containersDir());
    this.logServer = new LogServer(logs);
    this.networks = TaskNetworks.under(dataDir.resolve("network"), nodeId);
    this.loadBalancing = new ServiceLoadBalancing(networks.overlays(), nodeId, VipBalancer.fromSettings());
    networks.overlays().addListener(loadBalancing);
    this.dns = new DnsServer(DnsSettings.defaults());
    networks.overlays().addListener(new TaskResolvers(networks.overlays(), dns));
  }

  /** Why this host cannot run containers, for a person; empty when it can. */
  public static Optional<String> runtimeProblem() {
    return OciRuntime.unavailableReason();
  }

  /**
   * Opens the session to the dispatcher and starts running the node's assigned tasks.
   *
   * @throws SwarmException unavailable when no OCI runtime is installed
   */
  public synchronized void start(DispatcherClient dispatcher) {
    if (agent != null) {
      throw SwarmException.conflict("worker " + nodeId + " is already started");
    }
    OciRuntime runtime = OciRuntime.detect(dataDir.resolve("run").resolve("runc"));
    OciContainers containers = new OciContainers(containersDir(), runtime, images, networks, logs::finish);
    Agent a = new Agent(nodeId, containers, Clock.systemUTC(), networks.overlays()::update);
    a.start(dispatcher, HostDescription.probe(engineLabels), logServer);
    agent = a;
  }

  /**
   * The node's overlay data plane: its networks and the tasks plugged into them; add a {@link
   * swarm.net.vxlan.TaskNetworkListener} to set up what else lives in a task's namespace (VIPs, DNS).
   */
  public OverlayNetworks overlays() {
    return networks.overlays();
  }

  public ImageStore images() {
    return images;
  }

  public LogStore logs() {
    return logs;
  }

  /** Containers whose task is running on this node. */
  public List<LocalContainer> runningContainers() {
    Agent a = agent;
    if (a == null) {
      return List.of();
    }
    return a.executors().stream().filter(e -> e.state() == TaskState.RUNNING)
        .map(e -> new LocalContainer(e.id(), e.pid().isPresent() ? e.pid().getAsLong() : null, e.state())).toList();
  }

  /** How many containers run on this node. */
  public int containerCount() {
    return runningContainers().size();
  }

  /**
   * Moves the node's session to another dispatcher (a promoted node's own manager, or back to a
   * remote one): the running containers stay and are adopted by the new session's agent.
   */
  public synchronized void reconnect(DispatcherClient dispatcher) {
    if (agent != null) {
      agent.close();
      agent = null;
    }
    start(dispatcher);
  }

  /**
   * Leaving the swarm: stops and removes every container of this node; the worker can then start
   * again with another swarm's dispatcher.
   */
  public synchronized void leave() {
    if (agent != null) {
      agent.leave(java.time.Duration.ofSeconds(60));
      agent = null;
    }
    loadBalancing.close();
  }

  /** Stops the agent and log collection; containers keep running. */
  @Override
  public synchronized void close() {
    if (agent != null) {
      agent.close();
      agent = null;
    }
    logServer.close();
    logs.close();
    dns.close();
  }

  private Path containersDir() {
    return dataDir.resolve("containers");
  }

  /** For tests and diagnostics: the executors the agent runs. */
  List<TaskExecutor> executors() {
    Agent a = agent;
    return a == null ? List.of() : a.executors();
  }
}
