package swarm.cli.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import swarm.cli.FlagValues;
import swarm.core.spec.Placement;

/**
 * Repeatable flag values read the same way by {@code service create} ({@code --env}, {@code --label},
 * {@code --placement-pref}) and {@code service update} ({@code --env-add}, {@code --label-add}, ...): each bad
 * value is reported to the {@link FlagValues}, naming the flag the user typed. Stateless.
 */
public final class ListFlags {
  private ListFlags() {}

  /** {@code KEY=VALUE} entries, or {@code KEY} alone taking its value from {@code localEnv} as docker does. */
  static List<String> env(FlagValues v, String flag, List<String> values, Map<String, String> localEnv) {
    List<String> env = new ArrayList<>();
    for (String e : values) {
      if (v.keyValue(flag, e) != null) {
        env.add(e.contains("=") || !localEnv.containsKey(e) ? e : e + "=" + localEnv.get(e));
      }
    }
    return env;
  }

  /** {@code KEY=VALUE} (or {@code KEY}, an empty value) as a map in the order given. */
  public static Map<String, String> labels(FlagValues v, String flag, List<String> values) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String l : values) {
      String[] kv = v.keyValue(flag, l);
      if (kv != null) {
        labels.put(kv[0], kv[1]);
      }
    }
    return labels;
  }

  /** {@code spread=node.labels.<name>}; the descriptor itself is checked by {@link Placement#validate()}. */
  static List<Placement.Preference> preferences(FlagValues v, String flag, List<String> values) {
    List<Placement.Preference> prefs = new ArrayList<>();
    for (String p : values) {
      String[] kv = p.split("=", 2);
      if (kv.length == 2 && kv[0].strip().equals("spread")) {
        prefs.add(Placement.Preference.spread(kv[1].strip()));
      } else {
        v.problem("invalid value '" + p + "' for " + flag + ": use spread=node.labels.<name>");
      }
    }
    return prefs;
  }

  /** Keys to remove ({@code --env-rm}, {@code --label-rm}): {@code KEY}, or {@code KEY=...} meaning its key. */
  static List<String> keys(FlagValues v, String flag, List<String> values) {
    List<String> keys = new ArrayList<>();
    for (String k : values) {
      String key = key(k);
      if (key.isBlank()) {
        v.problem("invalid value '" + k + "' for " + flag + ": use a KEY");
      } else {
        keys.add(key);
      }
    }
    return keys;
  }

  /** The key of an environment entry or label flag value: what precedes the first {@code =}. */
  static String key(String entry) {
    int eq = entry.indexOf('=');
    return eq < 0 ? entry : entry.substring(0, eq);
  }
}
