package swarm.manager.raft;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.client.retry.RequestTypeDependentRetryPolicy;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.proto.RaftProtos.RaftClientRequestProto.TypeCase;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * Every Ratis setting we use, from {@link RaftSettings}, through the typed {@code *ConfigKeys} setters (never raw
 * strings). Stateless.
 */
final class RatisConfig {
  /** How long a client waits between two attempts to find a leader with a quorum. */
  private static final TimeDuration RETRY_SLEEP = TimeDuration.valueOf(50, TimeUnit.MILLISECONDS);
  /**
   * A membership change first catches the new peer up (log or snapshot), then commits the configuration: give it
   * longer than an ordinary write, and as long without progress before the leader gives up on the new peer.
   */
  static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private RatisConfig() {}

  static RaftProperties properties(RaftSettings s) {
    RaftProperties p = new RaftProperties();
    RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
    GrpcConfigKeys.Server.setHost(p, s.host());
    GrpcConfigKeys.Server.setPort(p, s.port());
    RaftServerConfigKeys.setStorageDir(p, List.of(s.raftDir().toFile()));

    TimeDuration min = millis(s.electionTimeoutMin());
    TimeDuration max = millis(s.electionTimeoutMax());
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, min);
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, max);
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, min);
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, max);
    RaftServerConfigKeys.setStagingTimeout(p, millis(ADMIN_TIMEOUT));

    // Followers answer read-only requests after a read index round with the leader (Raft's §6.4): the
    // ControlApi's reads on followers are linearizable, the leader reads its own store directly.
    RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    RaftServerConfigKeys.Read.setTimeout(p, millis(s.requestTimeout()));

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
    // One attempt of a client request: a write sent to a leader that died before answering (and whose connection
    // did not close) is given up after this and retried at the new one. The retry policy bounds the whole request;
    // the server's retry cache makes a retried write apply once.
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, millis(CLIENT_ATTEMPT_TIMEOUT));
    return p;
  }

  /** One client attempt (Ratis's default: 3 s), and how long a follower's read index round may stay unanswered. */
  static final Duration CLIENT_ATTEMPT_TIMEOUT = Duration.ofSeconds(1);

  /** The properties of a membership-change client: one RPC may take as long as catching a new peer up. */
  static RaftProperties adminProperties(RaftSettings s, Duration timeout) {
    RaftProperties p = properties(s);
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, millis(timeout));
    return p;
  }

  /** TLS for the server, its peer channels, the client and admin ports alike; null without TLS material. */
  static Parameters parameters(RaftSettings s, RenewableKeyManager keys) {
    return s.tls() == null ? null : GrpcFactory.newRaftParameters(RaftTls.config(s.tls(), keys));
  }

  /**
   * Writes and reads keep looking for a leader (sleeping a little between attempts, not spinning) until {@code
   * requestTimeout}: then they fail, and a manager cut off from the majority says so in bounded time.
   */
  static RetryPolicy retryPolicy(RaftSettings s) {
    RetryPolicy retry = RetryPolicies.retryForeverWithSleep(RETRY_SLEEP);
    TimeDuration timeout = millis(s.requestTimeout());
    RequestTypeDependentRetryPolicy.Builder b = RequestTypeDependentRetryPolicy.newBuilder();
    for (TypeCase type : TypeCase.values()) {
      if (type != TypeCase.TYPE_NOT_SET) {
        b.setRetryPolicy(type, retry).setTimeout(type, timeout);
      }
    }
    return b.build();
  }

  /**
   * Membership changes: attempts spaced by {@link #RETRY_SLEEP}, redirected to the leader as it moves, until {@code
   * timeout} has passed since the change was asked for.
   */
  static RetryPolicy adminRetryPolicy(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RetryPolicy.Action sleep = () -> RETRY_SLEEP;
    return event -> System.nanoTime() - deadline < 0 ? sleep : RetryPolicy.NO_RETRY_ACTION;
  }

  private static TimeDuration millis(Duration d) {
    return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
  }
}
