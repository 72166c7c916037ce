package swarm.manager.state;

/**
 * One object written by an applied log entry: what happened, to which object, before and after.
 * Immutable. {@code before} is null for {@link Action#CREATED}, {@code after} null for
 * {@link Action#REMOVED}.
 */
public record Change(Action action, Kind kind, String id, Object before, Object after) {
  public enum Action { CREATED, UPDATED, REMOVED }

  public enum Kind { CLUSTER, NODE, SERVICE, TASK, NETWORK }

  static Change of(Kind kind, String id, Object before, Object after) {
    Action action = before == null ? Action.CREATED : after == null ? Action.REMOVED : Action.UPDATED;
    return new Change(action, kind, id, before, after);
  }
}
