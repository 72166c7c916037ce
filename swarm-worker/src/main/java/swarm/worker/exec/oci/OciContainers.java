package swarm.worker.exec.oci;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.error.SwarmException;
import swarm.core.json.Json;
import swarm.core.object.Task;
import swarm.core.spec.ContainerSpec;
import swarm.core.spec.HealthConfig;
import swarm.core.spec.PortConfig;
import swarm.worker.exec.Containers;
import swarm.worker.exec.ExecResult;
import swarm.worker.exec.ExitStatus;
import swarm.worker.image.Image;
import swarm.worker.image.ImageStore;
import swarm.net.task.TaskNetworks;
import swarm.net.sys.HostCommand;

/**
 * The node's containers as OCI bundles run by {@link OciRuntime}, under
 * {@code <dataDir>/containers/<id>/}. Thread-safe for distinct ids; the caller (one executor per
 * task) serializes calls for the same id.
 */
public final class OciContainers implements Containers {
  private static final Logger LOG = LoggerFactory.getLogger(OciContainers.class);
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);
  /** Where the node's embedded DNS server answers inside a task's namespace, as Docker's. */
  public static final String EMBEDDED_DNS = "127.0.0.11";

  private final Path containersDir;
  private final OciRuntime runtime;
  private final ImageStore images;
  private final ExitMonitor exits;
  private final Consumer<String> onExit;
  private final TaskNetworks networks;

  /**
   * Containers on no overlay network of a node (their namespaces are under {@code <containersDir>/../network}).
   *
   * @param onExit told the id of a container whose init ended, e.g. to flush its last log line
   */
  public OciContainers(Path containersDir, OciRuntime runtime, ImageStore images, Consumer<String> onExit) {
    this(containersDir, runtime, images, TaskNetworks.under(containersDir.resolveSibling("network"), "local"), onExit);
  }

  /**
   * @param networks gives tasks with host-mode ports or overlay networks their namespace; restored here
   * @param onExit told the id of a container whose init ended, e.g. to flush its last log line
   */
  public OciContainers(Path containersDir, OciRuntime runtime, ImageStore images, TaskNetworks networks,
                       Consumer<String> onExit) {
    this.containersDir = containersDir;
    this.runtime = runtime;
    this.images = images;
    this.exits = ExitMonitor.instance();
    this.onExit = onExit;
    try {
      Files.createDirectories(containersDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + containersDir, e);
    }
    this.networks = networks;
    networks.restore();
  }

  public OciRuntime runtime() {
    return runtime;
  }

  public ContainerDir dir(String id) {
    return ContainerDir.of(containersDir, id);
  }

  @Override
  public void prepare(Task task) {
    ContainerDir c = dir(task.id());
    if (Files.exists(c.pidFile()) || (Files.exists(c.config()) && RootfsMount.isMounted(c.rootfs()))) {
      return;
    }
    // Anything else here is a preparation cut short (a crash): start it over.
    release(task.id());
    deleteDir(c);
    ContainerSpec spec = task.spec().containerSpec();
    Image image = images.resolve(spec.image()).orElseThrow(() -> SwarmException.notFound("image " + spec.image()
        + " not found on this node: load it with 'swarm image load' or 'swarm image import'"));
    try {
      for (Path p : new Path[] {c.rootfs(), c.upper(), c.work()}) {
        Files.createDirectories(p);
      }
      atomicWrite(c.task(), Json.toBytes(task));
      RootfsMount.mount(images.layersRoot(), images.layerDirs(image), c.upper(), c.work(), c.rootfs());
      String hostname = spec.hostname() == null || spec.hostname().isEmpty()
          ? task.id().substring(0, Math.min(12, task.id().length())) : spec.hostname();
      ContainerProcess process = ContainerProcess.of(spec, image.config(), hostname);
      ContainerUser user = ContainerUser.resolve(process.user(), c.rootfs());
      // A task that publishes host-mode ports or is on overlay networks gets its own namespace; others loopback only.
      Optional<TaskNetworks.Prepared> net = networks.prepare(task.id(), task.endpoint().hostPorts(), task.networks());
      Files.writeString(c.hostname(), hostname + "\n");
      Files.writeString(c.hosts(), "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
          + net.map(TaskNetworks.Prepared::address).orElse("127.0.1.1") + "\t" + hostname + "\n");
      boolean embeddedDns = net.isPresent() && net.get().overlay();
      if (embeddedDns) {
        // As Docker's containers on user networks: the node's embedded DNS server answers service names.
        Files.writeString(c.resolvConf(), "nameserver " + EMBEDDED_DNS + "\noptions ndots:0\n");
      }
      BundleConfig.Inputs in = new BundleConfig.Inputs(task.id(), process, user, hostname,
          task.spec().resources().limits(), net.map(p -> p.netns().toString()).orElse(null),
          c.hosts().toString(), c.hostname().toString(), spec.seccomp(),
          embeddedDns ? c.resolvConf().toString() : null);
      // config.json is written last: with the mount, its presence says "prepared".
      atomicWrite(c.config(), BundleConfig.json(in));
    } catch (IOException e) {
      release(task.id());
      throw new UncheckedIOException(preparationFailure(e), e);
    } catch (RuntimeException e) {
      release(task.id());
      throw e;
    }
  }

  @Override
  public long start(String id) {
    ContainerDir c = dir(id);
    OptionalLong started = startedPid(id);
    if (started.isPresent()) {
      return started.getAsLong();
    }
    if (!Files.exists(c.config()) || !RootfsMount.isMounted(c.rootfs())) {
      throw new IllegalStateException("container " + id + " is not prepared");
    }
    if (runtime.exists(id)) {
      runtime.delete(id); // a run cut short before it wrote the pid file
    }
    publishPorts(id);
    try {
      runtime.run(id, c.dir(), c.pidFile(), c.stdout(), c.stderr());
    } catch (RuntimeException e) {
      try {
        runtime.delete(id);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    long pid = startedPid(id).orElseThrow(() -> new IllegalStateException("runc started " + id + " but wrote no pid file"));
    try {
      atomicWrite(c.startTimeFile(), Long.toString(ExitMonitor.startTime(pid).orElse(0)).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pid;
  }

  /**
   * Forwards the task's host-mode ports to its namespace, now that it is about to run (not at prepare: with
   * stop-first updates the task it replaces on this node may hold them until it stops).
   */
  private void publishPorts(String id) {
    List<PortConfig> hostPorts = taskOf(id).map(t -> t.endpoint().hostPorts()).orElse(List.of());
    networks.publish(id, hostPorts);
  }

  @Override
  public OptionalLong startedPid(String id) {
    try {
      return OptionalLong.of(Long.parseLong(Files.readString(dir(id).pidFile()).strip()));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  @Override
  public CompletableFuture<ExitStatus> exit(String id) {
    ContainerDir c = dir(id);
    long pid = startedPid(id).orElseThrow(() -> new IllegalStateException("container " + id + " was never started"));
    long start;
    try {
      start = Long.parseLong(Files.readString(c.startTimeFile()).strip());
    } catch (IOException | NumberFormatException e) {
      start = 0;
    }
    return exits.watch(pid, start).whenComplete((s, e) -> onExit.accept(id));
  }

  @Override
  public void stop(String id, String signal, Duration grace) {
    if (startedPid(id).isEmpty()) {
      return;
    }
    CompletableFuture<ExitStatus> exit = exit(id);
    if (exit.isDone()) {
      return;
    }
    if (runtime.kill(id, signal) && await(exit, grace)) {
      return;
    }
    LOG.info("container {} did not stop within {} s of {}: killing it", id, grace.toSeconds(), signal);
    runtime.kill(id, "KILL");
    if (!await(exit, KILL_WAIT)) {
      LOG.warn("container {} survived SIGKILL for {} s", id, KILL_WAIT.toSeconds());
    }
  }

  @Override
  public void release(String id) {
    ContainerDir c = dir(id);
    if (runtime.exists(id)) {
      runtime.delete(id);
    }
    RootfsMount.unmount(c.rootfs());
    networks.release(id);
  }

  @Override
  public void remove(String id) {
    release(id);
    startedPid(id).ifPresent(exits::forget);
    deleteDir(dir(id));
  }

  @Override
  public Set<String> list() {
    Set<String> ids = new HashSet<>();
    try (var s = Files.list(containersDir)) {
      s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).forEach(ids::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + containersDir, e);
    }
    ids.addAll(runtime.ids());
    return ids;
  }

  @Override
  public Optional<Task> taskOf(String id) {
    try {
      return Optional.of(Json.read(Files.readAllBytes(dir(id).task()), Task.class));
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<HealthConfig> healthcheck(Task task) {
    ContainerSpec spec = task.spec().containerSpec();
    HealthConfig own = spec.healthcheck();
    if (own != null && own.disabled()) {
      return Optional.empty();
    }
    HealthConfig fromImage = images.resolve(spec.image()).map(i -> i.config().healthcheck()).orElse(null);
    HealthConfig merged = own == null ? fromImage : own.over(fromImage);
    return merged == null || merged.probeCommand().isEmpty() ? Optional.empty() : Optional.of(merged);
  }

  @Override
  public ExecResult exec(String id, List<String> argv, Duration timeout) {
    if (startedPid(id).isEmpty() || !runtime.exists(id)) {
      throw new IllegalStateException("container " + id + " is not running");
    }
    return runtime.exec(id, argv, timeout);
  }

  private static boolean await(CompletableFuture<ExitStatus> exit, Duration timeout) {
    try {
      exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * The reason first, lower case as Docker prints errno text, so that the 30 characters of {@code service ps}'s
   * ERROR column show it: {@code no space left on device: cannot prepare the container (/var/lib/…/config.json)}.
   */
  static String preparationFailure(IOException e) {
    String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
    if (reason == null || reason.isBlank()) {
      reason = e.getClass().getSimpleName();
    } else if (reason.length() > 1 && Character.isUpperCase(reason.charAt(0)) && Character.isLowerCase(reason.charAt(1))) {
      reason = Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
    }
    String where = e instanceof FileSystemException f && f.getFile() != null ? " (" + f.getFile() + ")" : "";
    return reason + ": cannot prepare the container" + where;
  }

  private static void atomicWrite(Path file, byte[] data) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.write(tmp, data);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void deleteDir(ContainerDir c) {
    if (!Files.exists(c.dir())) {
      return;
    }
    if (RootfsMount.isMounted(c.rootfs())) {
      throw new IllegalStateException("refusing to delete " + c.dir() + ": its rootfs is still mounted");
    }
    // --one-file-system: never follow into a mount that escaped our unmount.
    HostCommand.of("rm", "-rf", "--one-file-system", c.dir().toString()).run().orThrow();
  }
}
