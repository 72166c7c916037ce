package swarm.cli.service;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import swarm.cli.FlagValues;
import swarm.core.spec.PortConfig;

/**
 * One {@code --publish} (or {@code --publish-add}) value as docker reads it: the long form
 * {@code mode=host,published=8080,target=80,protocol=udp} or the short form {@code 8080:80[/udp]} (ingress mode;
 * {@code 80} alone leaves the published port to the swarm, which picks one of 30000-32767);
 * and one {@code --publish-rm} value, the published port {@code 8080[/udp]}. Problems go to the
 * {@link FlagValues}, naming the flag and what is allowed; the port's own rules (ranges, modes supported) are
 * {@link PortConfig}'s.
 */
final class PublishFlag {
  private static final Pattern SHORT = Pattern.compile("(?:(\\d+):)?(\\d+)(?:/([a-zA-Z]+))?");
  private static final Pattern PUBLISHED = Pattern.compile("(\\d{1,5})(?:/([a-zA-Z]+))?");
  private static final String USAGE = "use published=P,target=T[,mode=host|ingress][,protocol=tcp|udp] or [P:]T[/udp]";

  private PublishFlag() {}

  /** The port {@code text} describes, or null after recording why it describes none; {@code flag} as typed. */
  static PortConfig parse(FlagValues v, String flag, String text) {
    Matcher m = SHORT.matcher(text.strip());
    if (m.matches()) {
      PortConfig.Protocol protocol = protocol(v, flag, text, m.group(3));
      Integer published = m.group(1) == null ? Integer.valueOf(0) : port(v, flag, text, m.group(1));
      Integer target = port(v, flag, text, m.group(2));
      return published == null || target == null || (m.group(3) != null && protocol == null) ? null
          : new PortConfig(null, protocol, target, published, PortConfig.PublishMode.INGRESS);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      String[] kv = part.split("=", 2);
      String key = kv[0].strip().toLowerCase(Locale.ROOT);
      if (kv.length != 2 || !Map.of("published", 1, "target", 1, "mode", 1, "protocol", 1).containsKey(key)) {
        v.problem("invalid value '" + text + "' for " + flag + ": " + USAGE);
        return null;
      }
      fields.put(key, kv[1].strip());
    }
    if (!fields.containsKey("target")) {
      v.problem("invalid value '" + text + "' for " + flag + ": target=PORT is required");
      return null;
    }
    Integer target = port(v, flag, text, fields.get("target"));
    Integer published = fields.containsKey("published") ? port(v, flag, text, fields.get("published"))
        : Integer.valueOf(0);
    PortConfig.Protocol protocol = protocol(v, flag, text, fields.get("protocol"));
    String modeText = fields.get("mode");
    PortConfig.PublishMode mode = null;
    if (modeText != null) {
      try {
        mode = PortConfig.PublishMode.parse(modeText);
      } catch (IllegalArgumentException e) {
        v.problem("invalid mode '" + modeText + "' in " + flag + " " + text + ": use host or ingress");
        return null;
      }
    }
    if (target == null || published == null || (fields.containsKey("protocol") && protocol == null)) {
      return null;
    }
    return new PortConfig(null, protocol, target, published, mode);
  }

  /**
   * A {@code --publish-rm} value: the published port and protocol ({@code 8080} is tcp, {@code 8080/udp}), as
   * {@link #key} spells them; null after recording why it names no port.
   */
  static String parsePublished(FlagValues v, String flag, String text) {
    Matcher m = PUBLISHED.matcher(text.strip());
    int port = m.matches() ? Integer.parseInt(m.group(1)) : 0;
    if (port < 1 || port > 65535) {
      v.problem("invalid value '" + text + "' for " + flag + ": use the published port, e.g. 8080 or 8080/udp");
      return null;
    }
    PortConfig.Protocol protocol = protocol(v, flag, text, m.group(2));
    return protocol == null ? null : port + "/" + protocol.wire();
  }

  /** What identifies a published port among a service's: {@code 8080/tcp} (one service publishes it once). */
  static String key(PortConfig p) {
    return p.publishedPort() + "/" + p.protocol().wire();
  }

  private static Integer port(FlagValues v, String flag, String text, String number) {
    try {
      return Integer.parseInt(number);
    } catch (NumberFormatException e) {
      v.problem("invalid port '" + number + "' in " + flag + " " + text + ": use a number 1-65535");
      return null;
    }
  }

  private static PortConfig.Protocol protocol(FlagValues v, String flag, String text, String name) {
    if (name == null) {
      return PortConfig.Protocol.TCP;
    }
    try {
      return PortConfig.Protocol.parse(name);
    } catch (IllegalArgumentException e) {
      v.problem("invalid protocol '" + name + "' in " + flag + " " + text + ": use tcp or udp");
      return null;
    }
  }
}
