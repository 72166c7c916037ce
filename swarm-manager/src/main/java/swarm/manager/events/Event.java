package swarm.manager.events;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * One thing that happened to a swarm object, shaped like Docker's events message: what kind of object
 * ({@link Type}), what happened ({@link Action}), the object's id and a few attributes (name, state...), and when
 * the change was seen on this manager. Immutable.
 */
public record Event(Type type, Action action, String actorId, Map<String, String> attributes, Instant time) {
  /** Docker's event types that we emit; {@code task} is ours (Docker has no task events). */
  public enum Type {
    SERVICE, NODE, TASK, NETWORK;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The type for its wire name, or null. */
    public static Type parse(String text) {
      for (Type t : values()) {
        if (t.wire().equalsIgnoreCase(text)) {
          return t;
        }
      }
      return null;
    }
  }

  public enum Action {
    CREATE, UPDATE, REMOVE;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Event {
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }
}
