package swarm.manager.raft;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.json.Json;
import swarm.core.log.ApplyResult;
import swarm.core.log.CommandBatch;
import swarm.manager.state.ClusterState;
import swarm.manager.state.StateSnapshot;
import swarm.manager.state.Store;

/**
 * The Ratis state machine of the cluster (shaped like ratis-examples' arithmetic and filestore):
 * each log entry is a JSON {@link CommandBatch} applied to the {@link Store}; the reply is the
 * JSON {@link ApplyResult}. Snapshots are the whole {@link ClusterState} as JSON in a
 * {@link SimpleStateMachineStorage} file named after its term and index; on start the latest
 * snapshot is loaded and Ratis replays the log after it.
 *
 * <p>Threading: Ratis calls {@link #applyTransaction}, {@link #takeSnapshot} and
 * {@link #notifyTermIndexUpdated} from its single state-machine updater thread, so the store's
 * state and the last applied index move together. Leadership notifications arrive on Ratis
 * threads and are only forwarded.
 */
public final class ClusterStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterStateMachine.class);

  /** Leadership notifications, forwarded to {@link RaftNode}. */
  interface LeadershipEvents {
    void leaderReady();

    void leaderChanged(boolean self);
  }

  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private final Store store;
  private volatile LeadershipEvents events;

  public ClusterStateMachine(Store store) {
    this.store = store;
  }

  void setLeadershipEvents(LeadershipEvents events) {
    this.events = events;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    getLifeCycle().startAndTransition(() -> {
      super.initialize(server, groupId, raftStorage);
      storage.init(raftStorage);
      load(storage.getLatestSnapshot());
    });
  }

  /**
   * Ratis pauses the state machine before it installs a snapshot from the leader (a new or far-behind member whose
   * missing entries were purged), then calls {@link #reinitialize}: the lifecycle must say PAUSED in between.
   */
  @Override
  public void pause() {
    if (getLifeCycleState() == LifeCycle.State.RUNNING) {
      getLifeCycle().transition(LifeCycle.State.PAUSING);
      getLifeCycle().transition(LifeCycle.State.PAUSED);
    }
  }

  /** Loads the snapshot the leader just installed (the whole state: the store is replaced) and resumes. */
  @Override
  public void reinitialize() throws IOException {
    load(storage.loadLatestSnapshot());
    if (getLifeCycleState() == LifeCycle.State.PAUSED) {
      getLifeCycle().transition(LifeCycle.State.STARTING);
      getLifeCycle().transition(LifeCycle.State.RUNNING);
    }
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    long index = entry.getIndex();
    CommandBatch batch;
    try {
      batch = Json.read(entry.getStateMachineLogEntry().getLogData().toByteArray(), CommandBatch.class);
    } catch (RuntimeException e) {
      // An entry this code cannot read was written by newer code: never skip it (StoreCommand's rule).
      LOG.error("cannot decode log entry {}: this manager runs older code than the log; stopping", index, e);
      return CompletableFuture.failedFuture(new IllegalStateException("undecodable log entry " + index, e));
    }
    ApplyResult result = store.apply(batch, index);
    updateLastAppliedTermIndex(entry.getTerm(), index);
    return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(Json.toBytes(result))));
  }

  /**
   * The only read-only query ({@link RaftNode#APPLIED_INDEX_QUERY}): the store's applied index. Ratis runs it after
   * the read index round (linearizable reads), so the caller then reads its local store at that index or later.
   */
  @Override
  public CompletableFuture<Message> query(Message request) {
    ByteBuffer index = ByteBuffer.allocate(Long.BYTES).putLong(0, store.current().index());
    return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(index)));
  }

  @Override
  public void notifyTermIndexUpdated(long term, long index) {
    super.notifyTermIndexUpdated(term, index);
    store.advanceIndex(index);
  }

  @Override
  public long takeSnapshot() throws IOException {
    TermIndex last = getLastAppliedTermIndex();
    ClusterState state = store.current();
    if (last == null || last.getIndex() <= 0) {
      return RaftLog.INVALID_LOG_INDEX;
    }
    if (state.index() != last.getIndex()) {
      LOG.warn("store at index {} but Raft applied {}: snapshot skipped", state.index(), last.getIndex());
      return RaftLog.INVALID_LOG_INDEX;
    }
    File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
    Path tmp = file.toPath().resolveSibling(file.getName() + ".tmp");
    Files.write(tmp, Json.toBytes(StateSnapshot.of(state)));
    Files.move(tmp, file.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
    storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), last));
    LOG.info("snapshot at term {} index {}: {} services, {} tasks", last.getTerm(), last.getIndex(),
        state.services().size(), state.tasks().size());
    return last.getIndex();
  }

  private void load(SingleFileSnapshotInfo snapshot) throws IOException {
    if (snapshot == null) {
      return;
    }
    Path file = snapshot.getFile().getPath();
    if (!Files.isRegularFile(file)) {
      LOG.warn("snapshot {} is missing: starting from the log alone", file);
      return;
    }
    if (snapshot.getFile().getFileDigest() != null) {
      MD5FileUtil.verifySavedMD5(file.toFile(), snapshot.getFile().getFileDigest());
    }
    TermIndex last = SimpleStateMachineStorage.getTermIndexFromSnapshotFile(file.toFile());
    ClusterState s = Json.read(Files.readAllBytes(file), StateSnapshot.class).toState();
    store.reset(s.withIndex(last.getIndex()));
    setLastAppliedTermIndex(last);
    LOG.info("loaded snapshot {} (term {} index {})", file.getFileName(), last.getTerm(), last.getIndex());
  }

  @Override
  public void notifyLeaderReady() {
    LeadershipEvents e = events;
    if (e != null) {
      e.leaderReady();
    }
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId memberId, RaftPeerId newLeaderId) {
    LeadershipEvents e = events;
    if (e != null) {
      e.leaderChanged(memberId.getPeerId().equals(newLeaderId));
    }
  }
}
