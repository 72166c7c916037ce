package swarm.manager.raft;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import swarm.core.units.ByteSize;

/**
 * The filesystem under a manager's Raft log. Ratis closes its log for good when a write fails (a full disk),
 * which stops the manager's Raft server until it is started again; so this manager proposes nothing while less
 * than {@link #reserve} is free, and says "disk full" plainly instead of timing out on a dead log. Thread-safe.
 */
public final class LogDisk {
  /** The least free space a stopped Raft server is started again with: a log segment and its preallocation. */
  public static final long RESTART_ROOM = 16L << 20;

  private final Path dir;
  private final long reserve;

  /** @param reserve bytes that must stay free: a new log segment, its preallocation and a snapshot's room */
  public LogDisk(Path dir, long reserve) {
    this.dir = dir;
    this.reserve = reserve;
  }

  /** Overrides the reserve, in bytes (tests set 0 to let Ratis itself meet the full disk). */
  public static final String RESERVE_PROPERTY = "swarm.raft.diskReserveBytes";

  /** Two log segments and 8 MiB more for snapshots and the rest of the data dir. */
  public static LogDisk of(RaftSettings settings) {
    return new LogDisk(settings.raftDir(),
        Long.getLong(RESERVE_PROPERTY, 2 * settings.segmentSizeBytes() + (8L << 20)));
  }

  public Path dir() {
    return dir;
  }

  public long reserve() {
    return reserve;
  }

  /** Usable bytes on the log's filesystem; {@link Long#MAX_VALUE} when it cannot be read (never a false alarm). */
  public long free() {
    try {
      Path existing = dir;
      while (existing != null && !Files.exists(existing)) {
        existing = existing.getParent();
      }
      return existing == null ? Long.MAX_VALUE : Files.getFileStore(existing).getUsableSpace();
    } catch (IOException e) {
      return Long.MAX_VALUE;
    }
  }

  public boolean isLow() {
    return free() < reserve;
  }

  /**
   * Whether a Raft server whose log was closed by a failed write may start again: the reserve is free, and at
   * least {@link #RESTART_ROOM} whatever the reserve says (a reserve of 0 must not restart into a full disk).
   */
  public boolean hasRoomToRestart() {
    return free() >= Math.max(reserve, RESTART_ROOM);
  }

  /** One line for {@code swarm info}: "disk full: …" or "ok (… free)". */
  public String status() {
    long free = free();
    if (free < reserve) {
      return "disk full: " + ByteSize.format(free) + " free on the filesystem of " + dir + ", this manager needs "
          + ByteSize.format(reserve) + " to write its Raft log";
    }
    return free == Long.MAX_VALUE ? "ok" : "ok (" + ByteSize.format(free) + " free)";
  }
}
