package swarm.core.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Docker's {@code Placement}: constraints every node must meet (ANDed), spread preferences applied
 * in order (one level of the scheduler's decision tree each), and the most replicas of the service
 * one node may run (0 = unlimited). Immutable; defaults to no placement rules.
 */
public record Placement(List<String> constraints, List<Preference> preferences, Long maxReplicas) {
  public static final Placement NONE = new Placement(null, null, null);
  private static final Pattern SPREAD = Pattern.compile("(?i)(node|engine)\\.labels\\.[A-Za-z0-9_][A-Za-z0-9_.\\-]*");

  public Placement {
    constraints = constraints == null ? List.of() : List.copyOf(constraints);
    preferences = preferences == null ? List.of() : List.copyOf(preferences);
    maxReplicas = maxReplicas == null ? 0L : maxReplicas;
  }

  /** Docker's {@code PlacementPreference}; only {@code Spread} exists. */
  public record Preference(Spread spread) {
    public static Preference spread(String descriptor) {
      return new Preference(new Spread(descriptor));
    }
  }

  /** Spread tasks evenly over the values of a label ({@code node.labels.zone}). */
  public record Spread(String spreadDescriptor) {}

  public List<String> validate() {
    List<String> problems = new ArrayList<>(Constraint.problems(constraints));
    for (Preference p : preferences) {
      String d = p == null || p.spread() == null ? null : p.spread().spreadDescriptor();
      if (d == null || !SPREAD.matcher(d.strip()).matches()) {
        problems.add("invalid placement preference '" + (d == null ? "" : d)
            + "' (--placement-pref): use spread=node.labels.<name> or spread=engine.labels.<name>");
      }
    }
    if (maxReplicas < 0) {
      problems.add("invalid max replicas per node " + maxReplicas + " (--replicas-max-per-node): must be 0 (unlimited) or more");
    }
    return problems;
  }

  /** The spread descriptors in order, lower-cased up to the label name ({@code node.labels.Zone} keeps {@code Zone}). */
  public List<String> spreadDescriptors() {
    List<String> out = new ArrayList<>();
    for (Preference p : preferences) {
      if (p != null && p.spread() != null && p.spread().spreadDescriptor() != null) {
        String d = p.spread().spreadDescriptor().strip();
        int cut = d.toLowerCase(Locale.ROOT).indexOf(".labels.") + 8;
        out.add(cut >= 8 ? d.substring(0, cut).toLowerCase(Locale.ROOT) + d.substring(cut) : d);
      }
    }
    return out;
  }

  public Placement withMaxReplicas(long n) {
    return new Placement(constraints, preferences, n);
  }
}
