package swarm.manager.raft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.json.Json;
import swarm.core.log.ApplyResult;
import swarm.core.log.CommandBatch;
import swarm.core.json.Json;
import swarm.manager.state.Store;

/**
 * This manager's member of the cluster's Raft group: a Ratis server running a
 * {@link ClusterStateMachine} over the {@link Store}, and a client that proposes batches to the
 * group's leader. Thread-safe. Leadership changes reach {@link LeadershipListener}s on one
 * dedicated thread, in order.
 *
 * <p>One member for now ({@link #bootstrap}); joining managers will add peers to the same group
 * (its id is derived from the cluster id) through Ratis's membership change.
 */
public final class RaftNode implements Proposer, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);

  private final RaftMembership membership;
  private final RaftGroup group;
  private final RaftServer server;
  private final RaftClient client;
  private final ExecutorService events;
  private final List<LeadershipListener> listeners = new CopyOnWriteArrayList<>();
  private final Object leaderMonitor = new Object();
  private boolean leaderReady; // guarded by leaderMonitor; written only on the events thread

  private RaftNode(RaftMembership membership, RaftGroup group, RaftServer server, RaftClient client,
                   ExecutorService events) {
    this.membership = membership;
    this.group = group;
    this.server = server;
    this.client = client;
    this.events = events;
  }

  /** Creates a new one-member group for a new cluster and starts it. */
  public static RaftNode bootstrap(RaftSettings settings, String nodeId, String clusterId, Store store)
      throws IOException {
    int port = settings.port() == 0 ? freePort(settings.host()) : settings.port();
    RaftMembership m = new RaftMembership(RaftMembership.groupIdOf(clusterId), nodeId, settings.host() + ":" + port);
    RaftNode node = start(settings.withPort(port), m, store, RaftStorage.StartupOption.FORMAT);
    m.save(settings.raftDir());
    return node;
  }

  /** Recovers this node from {@code raftDir}: the latest snapshot, then the log after it. */
  public static RaftNode restart(RaftSettings settings, Store store) throws IOException {
    RaftMembership m = RaftMembership.load(settings.raftDir());
    int port = Integer.parseInt(m.address().substring(m.address().lastIndexOf(':') + 1));
    return start(settings.withPort(port), m, store, RaftStorage.StartupOption.RECOVER);
  }

  public static boolean exists(RaftSettings settings) {
    return RaftMembership.exists(settings.raftDir());
  }

  private static RaftNode start(RaftSettings settings, RaftMembership m, Store store,
                                RaftStorage.StartupOption option) throws IOException {
    RaftProperties properties = properties(settings);
    RaftPeer self = RaftPeer.newBuilder().setId(m.peerId()).setAddress(m.address()).build();
    RaftGroup group = RaftGroup.valueOf(RaftGroupId.valueOf(m.groupId()), self);
    ClusterStateMachine stateMachine = new ClusterStateMachine(store);
    RaftServer server = RaftServer.newBuilder()
        .setServerId(RaftPeerId.valueOf(m.peerId()))
        .setGroup(group)
        .setStateMachine(stateMachine)
        .setProperties(properties)
        .setOption(option)
        .build();
    ExecutorService events = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "raft-leadership-" + m.peerId());
      t.setDaemon(true);
      return t;
    });
    RaftClient client = RaftClient.newBuilder().setProperties(properties).setRaftGroup(group)
        .setClientId(ClientId.randomId()).build();
    RaftNode node = new RaftNode(m, group, server, client, events);
    stateMachine.setLeadershipEvents(node.new Events());
    server.start();
    LOG.info("raft node {} of group {} started at {} ({})", m.peerId(), m.groupId(), m.address(), option);
    return node;
  }

  /** Every Ratis setting we use, through the typed {@code *ConfigKeys} setters. */
  static RaftProperties properties(RaftSettings s) {
    RaftProperties p = new RaftProperties();
    RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
    GrpcConfigKeys.Server.setHost(p, s.host());
    GrpcConfigKeys.Server.setPort(p, s.port());
    RaftServerConfigKeys.setStorageDir(p, List.of(s.raftDir().toFile()));
    TimeDuration min = TimeDuration.valueOf(s.electionTimeoutMin().toMillis(), TimeUnit.MILLISECONDS);
    TimeDuration max = TimeDuration.valueOf(s.electionTimeoutMax().toMillis(), TimeUnit.MILLISECONDS);
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, min);
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, max);
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, min);
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, max);
    int gap = (int) Math.min(s.snapshotInterval(), 1024);
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, s.snapshotInterval());
    RaftServerConfigKeys.Snapshot.setCreationGap(p, gap);
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
    // A restart replays the log after the last periodic snapshot, so that path is always exercised.
    RaftServerConfigKeys.Snapshot.setTriggerWhenStopEnabled(p, false);
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    RaftServerConfigKeys.Log.setPurgeGap(p, gap);
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(s.segmentSizeBytes()));
    return p;
  }

  @Override
  public CompletableFuture<ApplyResult> submit(CommandBatch batch) {
    Message message = Message.valueOf(ByteString.copyFrom(Json.toBytes(batch)));
    return client.async().send(message).thenApply(RaftNode::result);
  }

  private static ApplyResult result(RaftClientReply reply) {
    if (!reply.isSuccess()) {
      throw new CompletionException(reply.getException());
    }
    return Json.read(reply.getMessage().getContent().toByteArray(), ApplyResult.class);
  }

  /** Whether this node is the leader and has applied its first entry of the term. */
  public boolean isLeader() {
    try {
      return server.getDivision(group.getGroupId()).getInfo().isLeaderReady();
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits until this node is the ready leader; false on timeout. */
  public boolean awaitLeader(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (leaderMonitor) {
      while (!leaderReady) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        leaderMonitor.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  /** Adds a listener; if this node already leads, the listener hears {@code onLeaderReady} at once. */
  public void addLeadershipListener(LeadershipListener listener) {
    events.execute(() -> {
      listeners.add(listener);
      boolean ready;
      synchronized (leaderMonitor) {
        ready = leaderReady;
      }
      if (ready) {
        listener.onLeaderReady();
      }
    });
  }

  public String peerId() {
    return membership.peerId();
  }

  public String address() {
    return membership.address();
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      LOG.warn("closing raft client: {}", e.toString());
    }
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException("closing raft server " + membership.peerId(), e);
    } finally {
      events.shutdown();
    }
  }

  private static int freePort(String host) throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(host, 0));
      return socket.getLocalPort();
    }
  }

  /** Moves Ratis's notifications onto the events thread and dedupes them into ready/lost edges. */
  private final class Events implements ClusterStateMachine.LeadershipEvents {
    @Override
    public void leaderReady() {
      submit(true);
    }

    @Override
    public void leaderChanged(boolean self) {
      if (!self) {
        submit(false);
      }
    }

    private void submit(boolean ready) {
      try {
        events.execute(() -> transition(ready));
      } catch (java.util.concurrent.RejectedExecutionException closed) {
        // shutting down: nobody listens any more
      }
    }

    private void transition(boolean ready) {
      synchronized (leaderMonitor) {
        if (leaderReady == ready) {
          return;
        }
        leaderReady = ready;
        leaderMonitor.notifyAll();
      }
      LOG.info("raft node {} {}", membership.peerId(), ready ? "is the ready leader" : "is no longer leader");
      for (LeadershipListener l : listeners) {
        try {
          if (ready) {
            l.onLeaderReady();
          } else {
            l.onLeadershipLost();
          }
        } catch (RuntimeException e) {
          LOG.error("leadership listener {} failed", l, e);
        }
      }
    }
  }
}
