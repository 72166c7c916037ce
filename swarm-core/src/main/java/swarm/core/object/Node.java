package swarm.core.object;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import swarm.core.spec.Resources;

/** A host in the swarm, Docker's {@code Node}: what the user set (spec), what it reports (description), its status. */
public record Node(@JsonProperty("ID") String id, Version version, Instant createdAt, Instant updatedAt, Spec spec,
                   Description description, Status status, ManagerStatus managerStatus) {
  public Node {
    version = version == null ? Version.NONE : version;
  }

  public enum Role { WORKER, MANAGER;
    @JsonValue public String wire() { return name().toLowerCase(Locale.ROOT); }
    @JsonCreator public static Role parse(String s) { return valueOf(s.toUpperCase(Locale.ROOT)); }
  }

  public enum Availability { ACTIVE, PAUSE, DRAIN;
    @JsonValue public String wire() { return name().toLowerCase(Locale.ROOT); }
    @JsonCreator public static Availability parse(String s) { return valueOf(s.toUpperCase(Locale.ROOT)); }
  }

  public enum State { UNKNOWN, DOWN, READY, DISCONNECTED;
    @JsonValue public String wire() { return name().toLowerCase(Locale.ROOT); }
    @JsonCreator public static State parse(String s) { return valueOf(s.toUpperCase(Locale.ROOT)); }
  }

  public record Spec(Role role, Availability availability, Map<String, String> labels) {
    public Spec {
      role = role == null ? Role.WORKER : role;
      availability = availability == null ? Availability.ACTIVE : availability;
      labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
  }

  public record Platform(@JsonProperty("OS") String os, String architecture) {}

  /** What the node reports of itself; {@code engine} carries the daemon's labels ({@code swarm daemon --label}). */
  public record Description(String hostname, Platform platform, Resources resources, Engine engine) {
    public Description(String hostname, Platform platform, Resources resources) {
      this(hostname, platform, resources, null);
    }
  }

  /** Docker's {@code Engine}: the labels the node's daemon was started with ({@code engine.labels.K} constraints). */
  public record Engine(Map<String, String> labels) {
    public Engine {
      labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
  }

  public record Status(State state, String message, String addr) {}

  /**
   * Docker's {@code ManagerStatus}, plus {@code Error}: what keeps this manager from writing (a full disk under its
   * Raft log), set only in the answers of that manager itself, never stored.
   */
  public record ManagerStatus(Boolean leader, String reachability, String addr, String error) {
    public ManagerStatus(Boolean leader, String reachability, String addr) {
      this(leader, reachability, addr, null);
    }
  }

  public Node withVersion(Version v) {
    return new Node(id, v, createdAt, updatedAt, spec, description, status, managerStatus);
  }

  public Node withSpec(Spec s, Instant now) {
    return new Node(id, version, createdAt, now, s, description, status, managerStatus);
  }

  public Node withManagerStatus(ManagerStatus m, Instant now) {
    return new Node(id, version, createdAt, now, spec, description, status, m);
  }

  public Node withStatus(Status s, Instant now) {
    return new Node(id, version, createdAt, now, spec, description, s, managerStatus);
  }

  public boolean isReady() {
    return status != null && status.state() == State.READY;
  }

  /**
   * The node's value for a placement constraint or spread key ({@code node.role}, {@code node.labels.zone}), null
   * when it has none. Keys are lower-case up to the label name, as {@code Constraint} produces them; {@code
   * engine.labels.*} are the labels the node's daemon reports.
   */
  public String attribute(String key) {
    Platform p = description == null ? null : description.platform();
    if (key.startsWith(NODE_LABELS)) {
      return spec == null ? null : spec.labels().get(key.substring(NODE_LABELS.length()));
    }
    if (key.startsWith(ENGINE_LABELS)) {
      return description == null || description.engine() == null ? null
          : description.engine().labels().get(key.substring(ENGINE_LABELS.length()));
    }
    return switch (key) {
      case "node.id" -> id;
      case "node.hostname" -> description == null ? null : description.hostname();
      case "node.role" -> spec == null ? null : spec.role().wire();
      case "node.platform.os" -> p == null ? null : p.os();
      case "node.platform.arch" -> p == null ? null : p.architecture();
      default -> null;
    };
  }

  private static final String NODE_LABELS = "node.labels.";
  private static final String ENGINE_LABELS = "engine.labels.";
}
