package swarm.core.spec;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which stop signals a container spec may name: Docker's rule (moby/sys {@code signal.ParseSignal} with the Linux
 * signal map), so a spec Docker refuses is refused here. A name with or without {@code SIG}, in any case
 * ({@code SIGTERM}, {@code term}, {@code RTMIN+3}), or a number 1-64. Stateless.
 */
public final class StopSignal {
  public static final String ALLOWED = "use a signal name such as SIGTERM, SIGINT, SIGQUIT, SIGUSR1 or SIGRTMIN+3, "
      + "or a number from 1 to 64";
  /** Linux's last real-time signal; Docker's map ends there too. */
  private static final int MAX = 64;
  private static final Set<String> NAMES = Set.of("ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL",
      "INT", "IO", "IOT", "KILL", "PIPE", "POLL", "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM",
      "TRAP", "TSTP", "TTIN", "TTOU", "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ", "RTMIN", "RTMAX");
  // Docker names RTMIN+1..RTMIN+15 and RTMAX-14..RTMAX-1: together every real-time signal 34-64.
  private static final Pattern REALTIME = Pattern.compile("RTMIN\\+(?:[1-9]|1[0-5])|RTMAX-(?:[1-9]|1[0-4])");
  private static final Pattern NUMBER = Pattern.compile("[0-9]{1,9}");

  private StopSignal() {}

  /** Whether Docker accepts {@code text} as a stop signal. */
  public static boolean isValid(String text) {
    if (text == null) {
      return false;
    }
    if (NUMBER.matcher(text).matches()) {
      int n = Integer.parseInt(text);
      return n >= 1 && n <= MAX;
    }
    String upper = text.toUpperCase(Locale.ROOT);
    String name = upper.startsWith("SIG") ? upper.substring(3) : upper;
    return NAMES.contains(name) || REALTIME.matcher(name).matches();
  }

  /** The problem with {@code text} for a person, naming {@code flag}; null when it is valid. */
  public static String problem(String text, String flag) {
    return isValid(text) ? null : "invalid stop signal '" + text + "' (" + flag + "): " + ALLOWED;
  }
}
