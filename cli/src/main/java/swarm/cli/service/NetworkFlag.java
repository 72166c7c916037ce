package swarm.cli.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import swarm.cli.FlagValues;
import swarm.core.spec.EndpointSpec;
import swarm.core.spec.NetworkAttachmentConfig;

/**
 * One {@code --network} (or {@code --network-add}) value as docker reads it: a network's name or id, or the long form
 * {@code name=NET[,alias=A]...}; and {@code --endpoint-mode vip|dnsrr}. Problems go to the {@link FlagValues},
 * naming the flag and what is allowed.
 */
final class NetworkFlag {
  private static final String USAGE = "use a network name or id, or name=NETWORK[,alias=ALIAS]...";

  private NetworkFlag() {}

  /** The attachment {@code text} describes, or null after recording why it describes none. */
  static NetworkAttachmentConfig parse(FlagValues v, String flag, String text) {
    String t = text.strip();
    if (!t.contains("=")) {
      if (t.isEmpty() || t.contains(",")) {
        v.problem("invalid value '" + text + "' for " + flag + ": " + USAGE);
        return null;
      }
      return new NetworkAttachmentConfig(t, List.of());
    }
    String name = null;
    List<String> aliases = new ArrayList<>();
    for (String part : t.split(",")) {
      String[] kv = part.split("=", 2);
      String key = kv[0].strip().toLowerCase(Locale.ROOT);
      if (kv.length != 2 || kv[1].isBlank()) {
        v.problem("invalid value '" + text + "' for " + flag + ": " + USAGE);
        return null;
      }
      switch (key) {
        case "name", "target" -> name = kv[1].strip();
        case "alias" -> aliases.add(kv[1].strip());
        default -> {
          v.problem("invalid field '" + key + "' in " + flag + " " + text + ": " + USAGE);
          return null;
        }
      }
    }
    if (name == null) {
      v.problem("invalid value '" + text + "' for " + flag + ": name=NETWORK is required");
      return null;
    }
    return new NetworkAttachmentConfig(name, aliases);
  }

  /** Every value of a repeatable network flag, in order. */
  static List<NetworkAttachmentConfig> parseAll(FlagValues v, String flag, List<String> texts) {
    List<NetworkAttachmentConfig> out = new ArrayList<>();
    for (String text : texts) {
      NetworkAttachmentConfig c = parse(v, flag, text);
      if (c != null) {
        out.add(c);
      }
    }
    return out;
  }

  /** {@code --endpoint-mode}: null when not given. */
  static EndpointSpec.Mode endpointMode(FlagValues v, String text) {
    if (text == null) {
      return null;
    }
    try {
      return EndpointSpec.Mode.parse(text);
    } catch (IllegalArgumentException e) {
      v.problem("invalid value '" + text + "' for --endpoint-mode: use vip or dnsrr");
      return null;
    }
  }
}
