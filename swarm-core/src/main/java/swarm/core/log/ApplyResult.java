package swarm.core.log;

/**
 * What applying a batch did: committed at {@code index}, or refused with a conflict a person can
 * read (stale version, name taken). A refused batch changes nothing.
 */
public record ApplyResult(long index, String conflict) {
  public static ApplyResult ok(long index) {
    return new ApplyResult(index, null);
  }

  public static ApplyResult refused(long index, String conflict) {
    return new ApplyResult(index, conflict);
  }

  public boolean isOk() {
    return conflict == null;
  }
}
