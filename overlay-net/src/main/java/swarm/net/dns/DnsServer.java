package swarm.net.dns;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.dispatch.NetworkView;
import swarm.core.object.NetworkAttachment;
import swarm.core.object.Task;

/**
 * The node's embedded DNS server for service discovery (Docker's 127.0.0.11): one resolver per attached task,
 * listening on UDP and TCP {@link DnsSettings#listen()} inside that task's network namespace, answering swarm
 * names from the networks the task is attached to and relaying other names to the host's resolvers.
 *
 * <p>The worker {@link #attach}es a task once its namespace exists (before its process starts, so the first
 * lookup finds the server), calls {@link #update} whenever new {@link NetworkView}s arrive with the node's
 * assignments, and {@link #detach}es the task when its namespace goes. Answers come only from those views —
 * the managers' Raft state — never from gossip.
 *
 * <p>Thread-safe: attach, update and detach may come from any thread; queries are served by one Netty event
 * loop (DNS work is small; a 2-core node needs no more).
 */
public final class DnsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);

  private final DnsSettings settings;
  private final EventLoopGroup group;
  private final QueryAnswerer answerer;
  private final UpstreamForwarder forwarder;
  private final Map<String, TaskResolver> tasks = new HashMap<>();
  private boolean closed;

  public DnsServer(DnsSettings settings) {
    this.settings = settings;
    this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("swarm-dns", true),
        NioIoHandler.newFactory());
    this.answerer = new QueryAnswerer(settings, new Random());
    this.forwarder = new UpstreamForwarder(group, settings);
  }

  /** The views of the networks {@code task} is attached to, out of all the node's {@code views}. */
  public static List<NetworkView> visibleTo(Task task, Collection<NetworkView> views) {
    Set<String> attached = task.networks().stream().map(NetworkAttachment::networkId).collect(Collectors.toSet());
    return views.stream().filter(v -> attached.contains(v.id())).toList();
  }

  /**
   * Starts answering {@code taskId}'s queries inside the namespace {@code netns} (an nsfs file, e.g.
   * {@code /run/netns/NAME} or a task's bind-mounted namespace), from {@code views}: the networks the task is
   * attached to ({@link #visibleTo}). Attaching an attached task again only updates its views when the
   * namespace is the same, and moves it when it is not. The namespace's loopback must be up: the kernel lets
   * the socket bind 127.0.0.11 even while it is down, but then no query reaches it.
   *
   * @throws java.io.UncheckedIOException when the namespace cannot be entered or the address is taken there
   */
  public synchronized void attach(String taskId, Path netns, Collection<NetworkView> views) {
    if (closed) {
      throw new IllegalStateException("the DNS server is closed; cannot attach task " + taskId);
    }
    TaskResolver existing = tasks.get(taskId);
    if (existing != null && existing.netns.equals(netns)) {
      existing.names(ServiceNames.of(views));
      return;
    }
    if (existing != null) {
      detach(taskId);
    }
    tasks.put(taskId, TaskResolver.open(taskId, netns, ServiceNames.of(views), settings, group, answerer,
        forwarder));
    LOG.debug("DNS for task {} listening on {} in {}", taskId, settings.listen(), netns);
  }

  /**
   * Answers {@code taskId}'s next queries from {@code views} (the task's networks as the managers now see them).
   *
   * @return false when the task is not attached (nothing to update)
   */
  public synchronized boolean update(String taskId, Collection<NetworkView> views) {
    TaskResolver resolver = tasks.get(taskId);
    if (resolver == null) {
      return false;
    }
    resolver.names(ServiceNames.of(views));
    return true;
  }

  /** Stops answering {@code taskId}: its sockets are closed when this returns. No-op when not attached. */
  public synchronized void detach(String taskId) {
    TaskResolver resolver = tasks.remove(taskId);
    if (resolver != null) {
      resolver.close();
      LOG.debug("DNS for task {} closed", taskId);
    }
  }

  /** The attached tasks' ids. */
  public synchronized Set<String> attached() {
    return Set.copyOf(tasks.keySet());
  }

  /** The names {@code taskId} can resolve now ({@link ServiceNames#NONE} when not attached), for inspection. */
  public synchronized ServiceNames namesOf(String taskId) {
    TaskResolver resolver = tasks.get(taskId);
    return resolver == null ? ServiceNames.NONE : resolver.names();
  }

  public DnsSettings settings() {
    return settings;
  }

  /** Detaches every task and stops the event loop. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (String taskId : List.copyOf(tasks.keySet())) {
      try {
        detach(taskId);
      } catch (RuntimeException e) {
        LOG.warn("closing DNS for task {}: {}", taskId, e.toString());
      }
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
