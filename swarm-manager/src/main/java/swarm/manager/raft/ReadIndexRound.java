package swarm.manager.raft;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import swarm.core.error.SwarmException;

/**
 * One linearizable read on a follower: asks its own Raft server, in-process, for the read index (the server does the
 * read index round with the leader it knows, Raft's §6.4) and returns it. Stateless between calls; thread-safe.
 *
 * <p>Asked in-process, not through the node's {@code RaftClient}: a read the server holds open (its leader just died
 * and the round waits on the dead peer) would otherwise sit on the client's gRPC channel to this server, and when the
 * client then drops that channel (Ratis does on every NotLeaderException from this server) the close waits up to 3 s
 * for that read before the client retries its write at the new leader: the failover's "~4.3 s" rounds.
 *
 * <p>A round is asked again, while the first may still answer, when the leader this server knows changes (the old
 * one may be dead: its round would only time out), when a round fails (no leader yet, or a new leader that has not
 * committed in its term) or after {@code attemptTimeout}. Every round starts after {@link #await} was called, so the
 * first to succeed is a valid read index.
 */
final class ReadIndexRound<L> {
  /** How often a pending round is looked at: it bounds the wait after a failure, not after a success. */
  static final Duration POLL = Duration.ofMillis(50);

  private final Supplier<L> leader;
  private final Function<L, CompletableFuture<Long>> ask;
  private final Duration attemptTimeout;

  /**
   * @param leader         the leader this server knows now, or null during an election
   * @param ask            starts a read index round through this server (the argument: the leader it is meant for,
   *                       only to tell rounds apart); completes with the index, or exceptionally when the round
   *                       failed
   * @param attemptTimeout how long one round may stay unanswered before another is started beside it
   */
  ReadIndexRound(Supplier<L> leader, Function<L, CompletableFuture<Long>> ask, Duration attemptTimeout) {
    this.leader = leader;
    this.ask = ask;
    this.attemptTimeout = attemptTimeout;
  }

  /**
   * The read index: every entry committed before this call is at or below it.
   *
   * @throws SwarmException UNAVAILABLE ({@link Proposer#noQuorum}) when no round succeeds within {@code timeout}
   */
  long await(Duration timeout) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    CompletableFuture<Long> first = new CompletableFuture<>();
    CompletableFuture<Long> current = null;
    L askedFor = null;
    long askedAt = start;
    while (true) {
      long now = System.nanoTime();
      L l = leader.get();
      boolean failed = current != null && current.isCompletedExceptionally();
      boolean moved = l != null && !l.equals(askedFor);
      boolean stale = current != null && now - askedAt >= attemptTimeout.toNanos();
      if (l != null && (current == null || failed || moved || stale)) {
        askedFor = l;
        askedAt = now;
        current = ask.apply(l);
        current.thenAccept(first::complete);
      }
      long left = deadline - now;
      if (left <= 0) {
        throw Proposer.noQuorum(timeout);
      }
      try {
        return first.get(Math.min(left, POLL.toNanos()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        // look again: a new leader, a failed or a stale round
      } catch (ExecutionException e) {
        throw new IllegalStateException("only successful rounds complete it", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw SwarmException.unavailable("interrupted while waiting for a linearizable read");
      }
    }
  }
}
