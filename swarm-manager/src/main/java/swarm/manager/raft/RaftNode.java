package swarm.manager.raft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.RaftRetryFailureException;
import org.apache.ratis.rpc.CallId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.raftlog.RaftLogBase;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.error.SwarmException;
import swarm.core.json.Json;
import swarm.core.log.ApplyResult;
import swarm.core.log.CommandBatch;
import swarm.manager.ca.TlsMaterial;
import swarm.manager.state.Store;

/**
 * This manager's member of the managers' Raft group: a Ratis server running a {@link ClusterStateMachine} over the
 * {@link Store}, and a client that sends proposals, linearizable reads and membership changes to the group's leader,
 * wherever it is. Thread-safe. Leadership changes reach {@link LeadershipListener}s on one dedicated thread, in
 * order.
 *
 * <p>A group starts with one member ({@link #bootstrap}); each further manager starts with empty storage ({@link
 * #join}) and is then added by any member ({@link #addPeer}, Ratis's membership change through the leader: the new
 * peer is caught up by log or snapshot before the new configuration commits). The configuration lives in the Raft
 * log; {@code raft-node.json} only says which group and which peer this node is, so {@link #restart} finds it again.
 */
public final class RaftNode implements Proposer, ReadBarrier, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);
  /** The only read-only query: "your applied index", after the read index round. */
  static final Message APPLIED_INDEX_QUERY = Message.valueOf("applied-index");

  private final RaftMembership membership;
  private final RaftGroupId groupId;
  private final RaftSettings settings;
  private final RaftProperties properties;
  private final Parameters parameters;
  private final RenewableKeyManager keys; // null in plaintext
  private final RaftServer server;
  private final Store store;
  private final LogDisk disk;
  /** The group as this node was told it at start: what its clients ask until the log brings a configuration. */
  private final RaftGroup seed;
  private final AtomicReference<GroupClient> client = new AtomicReference<>();

  /**
   * The client and the members it was built to know. Ratis's client only learns members from its group and from
   * leader hints; asked to reach a peer it was not built with (a leader elected among managers that joined after
   * it was built) it fails with a NullPointerException, so {@link #client()} builds a new one when the
   * configuration changed.
   */
  private record GroupClient(RaftClient client, Set<RaftPeerId> peers) {}
  private final ExecutorService events;
  private final ExecutorService admin;
  private final List<LeadershipListener> listeners = new CopyOnWriteArrayList<>();
  private final Object leaderMonitor = new Object();
  private boolean leaderReady; // guarded by leaderMonitor; written only on the events thread
  private final ClientId readClientId = ClientId.randomId();
  private final ReadIndexRound<RaftPeerId> readIndex =
      new ReadIndexRound<>(this::knownLeader, this::askReadIndex, RatisConfig.CLIENT_ATTEMPT_TIMEOUT);

  private RaftNode(RaftMembership membership, RaftSettings settings, RaftProperties properties,
                   Parameters parameters, RenewableKeyManager keys, RaftServer server, Store store,
                   RaftGroup seed) {
    this.seed = seed;
    this.membership = membership;
    this.groupId = RaftGroupId.valueOf(membership.groupId());
    this.settings = settings;
    this.properties = properties;
    this.parameters = parameters;
    this.keys = keys;
    this.server = server;
    this.store = store;
    this.disk = LogDisk.of(settings);
    this.events = Executors.newSingleThreadExecutor(daemon("raft-leadership-" + membership.peerId()));
    this.admin = Executors.newCachedThreadPool(daemon("raft-admin-" + membership.peerId()));
  }

  /** Creates a new one-member group for a new cluster and starts it. */
  public static RaftNode bootstrap(RaftSettings settings, String nodeId, String clusterId, Store store)
      throws IOException {
    RaftSettings s = withFreePort(settings);
    RaftMembership m = new RaftMembership(RaftMembership.groupIdOf(clusterId), nodeId, s.address());
    RaftNode node = start(s, m, List.of(), store, RaftStorage.StartupOption.FORMAT);
    m.save(s.raftDir());
    return node;
  }

  /**
   * Starts a new, still empty member of an existing group. It takes no part in the group until a member adds it
   * ({@link #addPeer}, which may be called on this node itself): then the leader catches it up by log or snapshot.
   *
   * @param groupId the group's id ({@link RaftMembership#groupIdOf} of the cluster id, or {@link #groupId()} of a
   *                member)
   * @param peers   the group's current members ({@link #peers()} of a member); they are how this node first finds
   *                the leader
   * @throws SwarmException INVALID if this node's id already is a member (remove it first: an empty log must not
   *                        vote under an id the group knows) or its Raft directory is already in use
   */
  public static RaftNode join(RaftSettings settings, String nodeId, UUID groupId, List<RaftPeerAddress> peers,
                              Store store) throws IOException {
    if (peers.isEmpty()) {
      throw SwarmException.invalid("cannot join a Raft group without the address of one of its members");
    }
    if (peers.stream().anyMatch(p -> p.peerId().equals(nodeId))) {
      throw SwarmException.invalid("node " + nodeId + " is already a manager of this swarm: remove it first");
    }
    if (RaftMembership.exists(settings.raftDir())) {
      throw SwarmException.invalid(settings.raftDir() + " already holds a Raft member: cannot join again");
    }
    RaftSettings s = withFreePort(settings);
    RaftMembership m = new RaftMembership(groupId, nodeId, s.address());
    RaftNode node = start(s, m, peers, store, RaftStorage.StartupOption.FORMAT);
    m.save(s.raftDir());
    return node;
  }

  /** Recovers this node from {@code raftDir}: the latest snapshot, then the log (configuration included) after it. */
  public static RaftNode restart(RaftSettings settings, Store store) throws IOException {
    RaftMembership m = RaftMembership.load(settings.raftDir());
    int port = Integer.parseInt(m.address().substring(m.address().lastIndexOf(':') + 1));
    return start(settings.withPort(port), m, List.of(), store, RaftStorage.StartupOption.RECOVER);
  }

  public static boolean exists(RaftSettings settings) {
    return RaftMembership.exists(settings.raftDir());
  }

  private static RaftNode start(RaftSettings settings, RaftMembership m, List<RaftPeerAddress> others, Store store,
                                RaftStorage.StartupOption option) throws IOException {
    Map<String, RaftPeer> members = new LinkedHashMap<>();
    for (RaftPeerAddress p : others) {
      members.put(p.peerId(), peer(p.peerId(), p.address()));
    }
    members.put(m.peerId(), peer(m.peerId(), m.address()));
    // On RECOVER the configuration comes from the log; the group given here only seeds a new storage. A joining
    // member starts with no configuration at all: seeded with the group and itself it would count itself a voter
    // before the leader has added it, and on a busy host its election timeout can pass before the leader's first
    // append; the leader then answers its pre-vote with "shut down", and Ratis closes the new member for good (the
    // back-to-back join failures: RATIS-2662 describes the same). The leader's appends bring the real configuration.
    RaftGroupId gid = RaftGroupId.valueOf(m.groupId());
    boolean joining = option == RaftStorage.StartupOption.FORMAT && !others.isEmpty();
    RaftGroup group = joining ? RaftGroup.valueOf(gid) : RaftGroup.valueOf(gid, members.values());
    ClusterStateMachine stateMachine = new ClusterStateMachine(store);
    RaftProperties properties = RatisConfig.properties(settings);
    RenewableKeyManager keys = settings.tls() == null ? null : new RenewableKeyManager(settings.tls());
    Parameters parameters = RatisConfig.parameters(settings, keys);
    RaftServer.Builder builder = RaftServer.newBuilder()
        .setServerId(RaftPeerId.valueOf(m.peerId()))
        .setGroup(group)
        .setStateMachine(stateMachine)
        .setProperties(properties)
        .setOption(option);
    if (parameters != null) {
      builder.setParameters(parameters);
    }
    RaftServer server = builder.build();
    RaftNode node = new RaftNode(m, settings, properties, parameters, keys, server, store,
        RaftGroup.valueOf(gid, members.values()));
    stateMachine.setLeadershipEvents(node.new Events());
    server.start();
    node.client.set(node.newClient(node.currentGroup()));
    LOG.info("raft node {} of group {} started at {} ({}, {})", m.peerId(), m.groupId(), m.address(), option,
        settings.tls() == null ? "plaintext" : "mutual TLS");
    return node;
  }

  private GroupClient newClient(RaftGroup group) {
    RaftClient c = clientBuilder(properties, group).setRetryPolicy(RatisConfig.retryPolicy(settings)).build();
    return new GroupClient(c, peerIds(group));
  }

  private static Set<RaftPeerId> peerIds(RaftGroup group) {
    Set<RaftPeerId> ids = new HashSet<>();
    group.getPeers().forEach(p -> ids.add(p.getId()));
    return ids;
  }

  /** The client, built anew first when the configuration has members the current one was not built with. */
  private RaftClient client() {
    GroupClient c = client.get();
    RaftGroup group = currentGroup();
    if (c.peers().equals(peerIds(group))) {
      return c.client();
    }
    GroupClient fresh = newClient(group);
    if (client.compareAndSet(c, fresh)) {
      closeQuietly(c.client());
      return fresh.client();
    }
    closeQuietly(fresh.client());
    return client.get().client();
  }

  private RaftClient.Builder clientBuilder(RaftProperties p) {
    return clientBuilder(p, currentGroup());
  }

  private RaftClient.Builder clientBuilder(RaftProperties p, RaftGroup group) {
    RaftClient.Builder b = RaftClient.newBuilder().setProperties(p).setRaftGroup(group)
        .setClientId(ClientId.randomId());
    if (parameters != null) {
      b.setParameters(parameters);
    }
    return b;
  }

  // ---- proposals and reads ----

  @Override
  public CompletableFuture<ApplyResult> submit(CommandBatch batch) {
    Optional<String> blocked = writeBlocker();
    if (blocked.isPresent()) {
      return CompletableFuture.failedFuture(SwarmException.unavailable(blocked.get() + "; writes resume by themselves"));
    }
    Message message = Message.valueOf(ByteString.copyFrom(Json.toBytes(batch)));
    RaftClient c = client();
    return c.async().send(message).handle((reply, error) -> {
      if (error != null) {
        throw new CompletionException(failure(c, error));
      }
      if (!reply.isSuccess()) {
        throw new CompletionException(failure(c, reply.getException()));
      }
      return Json.read(reply.getMessage().getContent().toByteArray(), ApplyResult.class);
    });
  }

  /**
   * A request that ran out of retries closes the client's ordered window for good (Ratis fails every later request
   * with {@link AlreadyClosedException}), so the client is replaced; the caller learns that there is no quorum.
   */
  private SwarmException failure(RaftClient used, Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof RaftRetryFailureException || cause instanceof AlreadyClosedException) {
      renewClient(used);
      return Proposer.noQuorum(settings.requestTimeout());
    }
    return SwarmException.unavailable("the swarm could not commit the change: " + cause);
  }

  private void renewClient(RaftClient failed) {
    GroupClient current = client.get();
    if (current.client() != failed) {
      return;
    }
    GroupClient fresh = newClient(currentGroup());
    if (client.compareAndSet(current, fresh)) {
      closeQuietly(failed);
    } else {
      closeQuietly(fresh.client());
    }
  }

  /**
   * The leader (ready, so it has applied everything of earlier terms) reads its own store: fast, and stale only in
   * the instant before a partitioned leader steps down. A follower asks its own server, in-process, for a read-only
   * query, which Ratis answers after a read index round with the leader ({@link ReadIndexRound}), and waits until
   * its store has applied that index.
   */
  @Override
  public void await(Duration timeout) {
    if (isLeader()) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    long index = readIndex.await(timeout);
    try {
      if (!store.awaitIndex(index, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
        throw SwarmException.unavailable("this manager has not applied log index " + index + " yet: try again");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SwarmException.unavailable("interrupted while waiting for a linearizable read");
    }
  }

  /** One read index round through this node's own server, addressed as the client library would address it. */
  private CompletableFuture<Long> askReadIndex(RaftPeerId leader) {
    RaftClientRequest request = RaftClientRequest.newBuilder()
        .setClientId(readClientId)
        .setServerId(server.getId())
        .setLeaderId(leader)
        .setGroupId(groupId)
        .setCallId(CallId.getAndIncrement())
        .setMessage(APPLIED_INDEX_QUERY)
        .setType(RaftClientRequest.readRequestType())
        .build();
    try {
      return server.submitClientRequestAsync(request).thenApply(reply -> {
        if (!reply.isSuccess()) {
          throw new CompletionException(reply.getException());
        }
        return ByteBuffer.wrap(reply.getMessage().getContent().toByteArray()).getLong();
      });
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * After a renewal: new Raft connections (to and from the other managers) present {@code renewed}, without a
   * restart; open ones keep theirs. Nothing to do in plaintext.
   */
  public void useCertificate(TlsMaterial renewed) {
    if (keys != null) {
      keys.use(renewed);
    }
  }

  // ---- membership ----

  public UUID groupId() {
    return membership.groupId();
  }

  /**
   * Adds a peer to the group through the leader (any member, or the joining node itself, may call it). The leader
   * first catches the new peer up, by log or by snapshot, then commits the new configuration; the future completes
   * then. Adding a peer that is already a member changes nothing.
   */
  public CompletableFuture<Void> addPeer(String peerId, String address) {
    return addPeer(peerId, address, RatisConfig.ADMIN_TIMEOUT);
  }

  /**
   * {@link #addPeer(String, String)}, retried until the peer is a member or {@code timeout} passed. Managers join in
   * scripts one right after another: the leader refuses a change while the previous one is still catching its new
   * peer up, and a slow catch-up can outlast one request, so each attempt is short and the outcome is read from the
   * configuration itself. A peer that did not make it within the time is removed again if the leader had taken it
   * in, so the group never counts a member that is not there (a half-added peer would cost quorum later).
   */
  public CompletableFuture<Void> addPeer(String peerId, String address, Duration timeout) {
    return CompletableFuture.runAsync(() -> {
      String what = "add manager " + peerId + " at " + address;
      long deadline = System.nanoTime() + timeout.toNanos();
      SetConfigurationRequest.Arguments add = SetConfigurationRequest.Arguments.newBuilder()
          .setServersInNewConf(List.of(peer(peerId, address)))
          .setMode(SetConfigurationRequest.Mode.ADD)
          .build();
      String lastFailure = "no answer from the Raft leader";
      while (System.nanoTime() - deadline < 0) {
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        try {
          setConfiguration(add, what, left.compareTo(RatisConfig.ADMIN_TIMEOUT) < 0 ? left : RatisConfig.ADMIN_TIMEOUT);
          LOG.info("manager {} at {} added to the Raft group", peerId, address);
          return;
        } catch (SwarmException e) {
          if (isStableMember(peerId)) {
            return; // an earlier attempt went through after its client gave up
          }
          lastFailure = e.getMessage().replace("cannot " + what + ": ", "");
          LOG.info("{}: {}; trying again", what, lastFailure);
          sleepQuietly(Duration.ofMillis(500));
        }
      }
      if (isStableMember(peerId)) {
        return;
      }
      rollBack(peerId);
      throw SwarmException.unavailable("cannot " + what + ": the managers' Raft group did not take it within "
          + timeout.toSeconds() + " s (" + lastFailure + "); it is not a member: try the join again");
    }, admin);
  }

  /** Whether {@code peerId} is in the configuration this node got from the log, and no change is under way. */
  private boolean isStableMember(String peerId) {
    return loggedConfiguration()
        .map(c -> c.getPreviousPeers().isEmpty() && lists(c.getCurrentPeers(), peerId)).orElse(false);
  }

  /** Whether {@code peerId} is in the current or the previous peers of the configuration from the log. */
  private boolean inLoggedConfiguration(String peerId) {
    return loggedConfiguration().map(c -> lists(c.getAllPeers(), peerId)).orElse(false);
  }

  /**
   * The configuration this node got from the log; empty before it got one (a joining node starts with none) or when
   * its division cannot be read.
   */
  private Optional<RaftConfiguration> loggedConfiguration() {
    try {
      RaftConfiguration conf = division().getRaftConf();
      return conf.getLogEntryIndex() >= 0 ? Optional.of(conf) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static boolean lists(Collection<RaftPeer> peers, String peerId) {
    return peers.stream().anyMatch(p -> p.getId().toString().equals(peerId));
  }

  /** Takes out a peer whose addition did not finish in time, if the leader had taken it in; quiet when it had not. */
  private void rollBack(String peerId) {
    if (!inLoggedConfiguration(peerId)) {
      return; // the leader never took it in (or this node never heard of it): nothing to take back
    }
    try {
      removePeer(peerId).get(RatisConfig.ADMIN_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      LOG.warn("manager {} was taken out of the Raft group again: its addition did not finish in time", peerId);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (!(cause instanceof SwarmException se && se.kind() == SwarmException.Kind.NOT_FOUND)) {
        LOG.warn("manager {}: could not take its unfinished addition back: {}", peerId, cause.getMessage());
      }
    }
  }

  /**
   * Removes a peer from the group through the leader, comparing against the configuration it was computed from so
   * two concurrent changes cannot undo each other. Removing the leader makes it step down once the change commits.
   *
   * @return fails with SwarmException INVALID "cannot remove the last manager", NOT_FOUND if {@code peerId} is not a
   *     member, UNAVAILABLE if no quorum commits the change
   */
  public CompletableFuture<Void> removePeer(String peerId) {
    return CompletableFuture.runAsync(() -> {
      for (int attempt = 1; ; attempt++) {
        List<RaftPeer> current = new ArrayList<>(currentGroup().getPeers());
        if (current.stream().noneMatch(p -> p.getId().toString().equals(peerId))) {
          throw SwarmException.notFound("manager " + peerId + " is not a member of the Raft group");
        }
        if (current.size() == 1) {
          throw SwarmException.invalid("cannot remove the last manager: the swarm would have no managers left");
        }
        List<RaftPeer> remaining = current.stream().filter(p -> !p.getId().toString().equals(peerId)).toList();
        SetConfigurationRequest.Arguments cas = SetConfigurationRequest.Arguments.newBuilder()
            .setServersInCurrentConf(current)
            .setServersInNewConf(remaining)
            .setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET)
            .build();
        try {
          setConfiguration(cas, "remove manager " + peerId, RatisConfig.ADMIN_TIMEOUT);
          LOG.info("manager {} removed from the Raft group", peerId);
          return;
        } catch (SwarmException e) {
          // This member's view of the configuration may lag the leader's: look again, a few times.
          if (attempt >= 5 || e.kind() != SwarmException.Kind.CONFLICT) {
            throw e;
          }
          sleepQuietly(Duration.ofMillis(200));
        }
      }
    }, admin);
  }

  private void setConfiguration(SetConfigurationRequest.Arguments arguments, String what, Duration timeout) {
    try (RaftClient c = clientBuilder(RatisConfig.adminProperties(settings, timeout))
        .setRetryPolicy(RatisConfig.adminRetryPolicy(timeout)).build()) {
      RaftClientReply reply = c.admin().setConfiguration(arguments);
      if (!reply.isSuccess()) {
        String message = String.valueOf(reply.getException());
        if (arguments.getMode() == SetConfigurationRequest.Mode.COMPARE_AND_SET && message.contains("is different than")) {
          throw SwarmException.conflict("cannot " + what + ": the configuration changed meanwhile");
        }
        throw SwarmException.unavailable("cannot " + what + ": " + plain(reply.getException()));
      }
    } catch (IOException e) {
      throw SwarmException.unavailable("cannot " + what + ": " + plain(e));
    }
  }

  /** What went wrong with a membership change, in words, without Ratis's request dumps and class names. */
  private static String plain(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String name = t.getClass().getSimpleName();
      if (name.contains("ReconfigurationInProgress")) {
        return "another membership change (an earlier manager's join) is still in progress";
      }
      if (name.contains("NotLeader") || name.contains("LeaderNotReady") || name.contains("LeaderSteppingDown")) {
        return "the Raft leader changed meanwhile";
      }
      if (name.contains("Timeout") || name.contains("RaftRetryFailure")) {
        return "no answer from the Raft leader in time (a new manager is caught up first, which takes longer on a "
            + "busy host)";
      }
      if (name.contains("SetConfiguration")) {
        return "the Raft leader refused the change";
      }
    }
    return e == null ? "unknown failure" : "the Raft group refused it (" + e.getClass().getSimpleName() + ")";
  }

  /** Asks the leader to hand leadership to {@code peerId} (Swarm's demote does this first). */
  public CompletableFuture<Void> transferLeadership(String peerId, Duration timeout) {
    return CompletableFuture.runAsync(() -> {
      try (RaftClient c = clientBuilder(RatisConfig.adminProperties(settings, timeout))
          .setRetryPolicy(RatisConfig.adminRetryPolicy(timeout)).build()) {
        RaftClientReply reply = c.admin().transferLeadership(RaftPeerId.valueOf(peerId), timeout.toMillis());
        if (!reply.isSuccess()) {
          throw SwarmException.unavailable("cannot make " + peerId + " the leader: " + reply.getException());
        }
      } catch (IOException e) {
        throw SwarmException.unavailable("cannot make " + peerId + " the leader: " + e.getMessage());
      }
    }, admin);
  }

  /**
   * Every member of the group with its address, whether it leads, and whether the leader heard from it within
   * three election timeouts. The leader answers from its own follower bookkeeping; a follower asks the leader
   * (bounded by one RPC); without a leader each member but this one is {@link RaftPeerStatus.Reachability#UNKNOWN}.
   */
  public List<RaftPeerStatus> peers() {
    RaftServer.Division division = division();
    RaftPeerId leaderId = division.getInfo().getLeaderId();
    RoleInfoProto leaderRole = null;
    Collection<RaftPeer> members = division.getGroup().getPeers();
    if (division.getInfo().isLeader()) {
      leaderRole = division.getInfo().getRoleInfoProto();
    } else if (leaderId != null) {
      try {
        GroupInfoReply info = client().getGroupManagementApi(leaderId).info(groupId);
        if (info.isSuccess() && info.getRoleInfoProto().hasLeaderInfo()) {
          leaderRole = info.getRoleInfoProto();
          members = info.getGroup().getPeers();
        }
      } catch (IOException | RuntimeException e) {
        // Ratis's client throws NullPointerException for a peer it does not know: this node's view of the
        // configuration is older than the leader's; the answer is then this node's own view.
        LOG.debug("leader {} did not answer a group info request: {}", leaderId, e.toString());
      }
    }
    long reachableWithinMs = 3 * settings.electionTimeoutMax().toMillis();
    Map<String, Long> heardFrom = new LinkedHashMap<>();
    if (leaderRole != null) {
      for (ServerRpcProto f : leaderRole.getLeaderInfo().getFollowerInfoList()) {
        heardFrom.put(f.getId().getId().toStringUtf8(), f.getLastRpcElapsedTimeMs());
      }
    }
    List<RaftPeerStatus> out = new ArrayList<>();
    for (RaftPeer p : members) {
      String id = p.getId().toString();
      boolean leads = p.getId().equals(leaderId);
      RaftPeerStatus.Reachability r;
      if (leads && leaderRole != null || id.equals(peerId()) && leaderId != null) {
        r = RaftPeerStatus.Reachability.REACHABLE;
      } else if (leaderRole == null) {
        r = RaftPeerStatus.Reachability.UNKNOWN;
      } else {
        Long elapsed = heardFrom.get(id);
        r = elapsed != null && elapsed <= reachableWithinMs
            ? RaftPeerStatus.Reachability.REACHABLE : RaftPeerStatus.Reachability.UNREACHABLE;
      }
      out.add(new RaftPeerStatus(id, p.getAddress(), leads, r));
    }
    out.sort(Comparator.comparing(RaftPeerStatus::peerId));
    return out;
  }

  /**
   * The members of the group's configuration as this node knows it (the latest in its log, committed or not): what
   * a joining manager is given to find the leader.
   */
  public List<RaftPeerAddress> members() {
    return currentGroup().getPeers().stream()
        .map(p -> new RaftPeerAddress(p.getId().toString(), p.getAddress()))
        .sorted(Comparator.comparing(RaftPeerAddress::peerId))
        .toList();
  }

  /** The members of the current configuration as this node knows it (committed or not yet). */
  private RaftGroup currentGroup() {
    RaftGroup group = division().getGroup();
    return group.getPeers().isEmpty() ? seed : group;
  }

  private RaftServer.Division division() {
    try {
      return server.getDivision(groupId);
    } catch (IOException e) {
      throw new UncheckedIOException("raft node " + peerId() + " has no division of group " + groupId, e);
    }
  }

  /** The filesystem under this node's log. */
  public LogDisk disk() {
    return disk;
  }

  /**
   * Whether this node's member of the group still runs. Ratis closes it for good when a log write fails (a full
   * disk): then only a new Raft server over the same storage brings it back ({@link #restart}).
   */
  public boolean isRunning() {
    try {
      RaftServer.Division d = server.getDivision(groupId);
      // A failed log write closes the log and leaves the division "alive" but unable to do anything.
      return d.getInfo().isAlive() && !(d.getRaftLog() instanceof RaftLogBase log && !log.isOpened());
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * What keeps this node from writing, in a line for a person ("disk full: …", "raft stopped: …"), or empty when it
   * can write. A write is refused with it at once instead of timing out on a dead log.
   */
  public Optional<String> writeBlocker() {
    if (disk.isLow()) {
      return Optional.of(disk.status() + ": free some space");
    }
    if (!isRunning()) {
      return Optional.of("raft stopped: the Raft server stopped after a failed write to its log under " + disk.dir()
          + " (a full disk?); it starts again once space is free");
    }
    return Optional.empty();
  }

  // ---- leadership ----

  /** Whether this node is the leader and has applied its first entry of the term. */
  public boolean isLeader() {
    try {
      return server.getDivision(groupId).getInfo().isLeaderReady();
    } catch (IOException e) {
      return false;
    }
  }

  /** The current leader's peer id as this node knows it, or null during an election or without a quorum. */
  public String leaderId() {
    try {
      RaftPeerId id = server.getDivision(groupId).getInfo().getLeaderId();
      return id == null ? null : id.toString();
    } catch (IOException e) {
      return null;
    }
  }

  private RaftPeerId knownLeader() {
    try {
      return server.getDivision(groupId).getInfo().getLeaderId();
    } catch (IOException e) {
      return null;
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

  /** Waits until this node knows a leader (itself or another); false on timeout. */
  public boolean awaitAnyLeader(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (leaderId() == null) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20); // Ratis has no leader-known callback on followers; a start-up wait only
    }
    return true;
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
    admin.shutdownNow();
    closeQuietly(client.get().client());
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException("closing raft server " + membership.peerId(), e);
    } finally {
      events.shutdown();
    }
  }

  // ---- helpers ----

  private static RaftPeer peer(String id, String address) {
    return RaftPeer.newBuilder().setId(id).setAddress(address).build();
  }

  private static RaftSettings withFreePort(RaftSettings s) throws IOException {
    if (s.port() != 0) {
      return s;
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(s.host(), 0));
      return s.withPort(socket.getLocalPort());
    }
  }

  private static void closeQuietly(RaftClient c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (IOException | RuntimeException e) {
      LOG.debug("closing a raft client: {}", e.toString());
    }
  }

  private static void sleepQuietly(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SwarmException.unavailable("interrupted");
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
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
