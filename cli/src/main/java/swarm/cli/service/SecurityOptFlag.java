package swarm.cli.service;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import swarm.cli.FlagValues;
import swarm.core.spec.Privileges;

/**
 * Docker's {@code --security-opt} for a service: {@code seccomp=unconfined}, {@code seccomp=default}, or
 * {@code seccomp=FILE}, a profile in Docker's format that the client reads and sends in the spec as a custom
 * profile (the daemon, maybe on another host, never reads the client's files). {@code seccomp:VALUE} is
 * docker's older spelling. Docker's other options are refused: swarm applies no AppArmor profile, no SELinux
 * label and no no-new-privileges. Stateless.
 */
final class SecurityOptFlag {
  static final String FLAG = "--security-opt";
  private static final String USE = "use seccomp=unconfined, seccomp=default or seccomp=FILE";
  private static final Map<String, String> UNSUPPORTED = Map.of(
      "apparmor", "swarm applies no AppArmor profile",
      "label", "swarm applies no SELinux label",
      "no-new-privileges", "swarm does not set no-new-privileges yet",
      "systempaths", "swarm always masks the kernel's paths in /proc and /sys",
      "proc-opts", "swarm mounts /proc with Docker's options");

  private SecurityOptFlag() {}

  /**
   * The seccomp setting {@code values} ask for; null when they name none. Every bad value, and a profile file that
   * is missing, unreadable or no profile, is reported to {@code v} (and gives null).
   */
  static Privileges.Seccomp seccomp(FlagValues v, List<String> values) {
    Privileges.Seccomp chosen = null;
    boolean given = false;
    for (String value : values) {
      int eq = value.indexOf('=');
      int cut = eq >= 0 ? eq : value.indexOf(':');
      String key = (cut < 0 ? value : value.substring(0, cut)).strip().toLowerCase(Locale.ROOT);
      String arg = cut < 0 ? "" : value.substring(cut + 1).strip();
      if (key.equals("seccomp")) {
        if (given) {
          v.problem(FLAG + " seccomp is given more than once: give one");
        }
        given = true;
        chosen = parse(v, value, arg);
      } else if (UNSUPPORTED.containsKey(key)) {
        v.problem("invalid value '" + value + "' for " + FLAG + ": " + key + " is not supported (" + UNSUPPORTED.get(key)
            + "); " + USE);
      } else {
        v.problem("invalid value '" + value + "' for " + FLAG + ": unknown security option; " + USE);
      }
    }
    return chosen;
  }

  private static Privileges.Seccomp parse(FlagValues v, String value, String arg) {
    if (arg.isEmpty()) {
      v.problem("invalid value '" + value + "' for " + FLAG + ": " + USE);
      return null;
    }
    if (arg.equalsIgnoreCase("unconfined")) {
      return Privileges.Seccomp.of(Privileges.Mode.UNCONFINED);
    }
    if (arg.equalsIgnoreCase("default")) {
      return Privileges.Seccomp.of(Privileges.Mode.DEFAULT);
    }
    String text;
    try {
      text = Files.readString(Path.of(arg), StandardCharsets.UTF_8);
    } catch (IOException | InvalidPathException e) {
      v.problem("invalid value '" + value + "' for " + FLAG + ": cannot read seccomp profile " + arg + ": "
          + unreadable(arg, e));
      return null;
    }
    String problem = Privileges.Seccomp.profileProblem(text).orElse(null);
    if (problem != null) {
      v.problem("invalid value '" + value + "' for " + FLAG + ": " + arg + " is not a seccomp profile: " + problem);
      return null;
    }
    return Privileges.Seccomp.custom(text);
  }

  private static String unreadable(String path, Exception e) {
    if (e instanceof NoSuchFileException) {
      return "no such file (" + USE + ")";
    }
    if (e instanceof CharacterCodingException) {
      return "not UTF-8 text";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof InvalidPathException) {
      return "not a file name";
    }
    return Files.isDirectory(Path.of(path)) ? "it is a directory" : e.getMessage();
  }
}
