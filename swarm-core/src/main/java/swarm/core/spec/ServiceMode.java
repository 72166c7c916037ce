package swarm.core.spec;

import java.util.List;

/** Docker's {@code Mode}: exactly one of {@code Replicated} or {@code Global}. */
public record ServiceMode(Replicated replicated, Global global) {
  public record Replicated(Long replicas) {
    public Replicated {
      replicas = replicas == null ? 1L : replicas;
    }
  }

  public record Global() {}

  public ServiceMode {
    if (replicated == null && global == null) {
      replicated = new Replicated(1L);
    }
  }

  public static ServiceMode replicated(long replicas) {
    return new ServiceMode(new Replicated(replicas), null);
  }

  /** One task on every eligible node. */
  public static ServiceMode ofGlobal() {
    return new ServiceMode(null, new Global());
  }

  public boolean isGlobal() {
    return global != null && replicated == null;
  }

  public List<String> validate() {
    if (replicated != null && global != null) {
      return List.of("service mode must be either replicated or global, not both");
    }
    if (replicated != null && replicated.replicas() < 0) {
      return List.of("invalid replicas " + replicated.replicas() + " (--replicas): must be 0 or more");
    }
    return List.of();
  }
}
