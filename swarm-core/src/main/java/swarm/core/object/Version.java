package swarm.core.object;

/** Docker's object {@code Version}: the Raft index of the object's last write; writes based on an older one conflict. */
public record Version(long index) {
  public static final Version NONE = new Version(0);
}
