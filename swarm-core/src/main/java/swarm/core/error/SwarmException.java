package swarm.core.error;

import java.util.List;

/**
 * An error meant for a person: what was wrong, where, and what is allowed. It never carries a
 * stack trace to the terminal. {@link Kind} maps to an HTTP status in the API and to exit code 1
 * in the CLI. Validation collects every problem of a request in {@link #problems()}.
 */
public class SwarmException extends RuntimeException {
  public enum Kind {
    INVALID(400), NOT_FOUND(404), CONFLICT(409), UNAVAILABLE(503), INTERNAL(500), NOT_IMPLEMENTED(501);

    public final int httpStatus;

    Kind(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    public static Kind ofHttpStatus(int status) {
      for (Kind k : values()) {
        if (k.httpStatus == status) {
          return k;
        }
      }
      return status >= 500 ? INTERNAL : INVALID;
    }
  }

  private final Kind kind;
  private final List<String> problems;

  public SwarmException(Kind kind, String message) {
    this(kind, List.of(message));
  }

  public SwarmException(Kind kind, List<String> problems) {
    super(String.join("; ", problems), null, false, false);
    this.kind = kind;
    this.problems = List.copyOf(problems);
  }

  public Kind kind() {
    return kind;
  }

  public List<String> problems() {
    return problems;
  }

  public static SwarmException invalid(String message) {
    return new SwarmException(Kind.INVALID, message);
  }

  public static SwarmException invalid(List<String> problems) {
    return new SwarmException(Kind.INVALID, problems);
  }

  public static SwarmException notFound(String message) {
    return new SwarmException(Kind.NOT_FOUND, message);
  }

  public static SwarmException conflict(String message) {
    return new SwarmException(Kind.CONFLICT, message);
  }

  public static SwarmException unavailable(String message) {
    return new SwarmException(Kind.UNAVAILABLE, message);
  }
}
