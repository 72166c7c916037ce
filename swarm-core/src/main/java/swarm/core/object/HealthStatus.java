package swarm.core.object;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Docker's health status strings: {@code starting}, {@code healthy}, {@code unhealthy}. */
public enum HealthStatus {
  STARTING, HEALTHY, UNHEALTHY;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static HealthStatus parse(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
