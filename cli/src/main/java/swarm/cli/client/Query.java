package swarm.cli.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import swarm.core.json.Json;

/** Builds request paths with encoded query parameters, including Docker's JSON {@code filters} parameter. */
public final class Query {
  private final String path;
  private final StringBuilder query = new StringBuilder();

  private Query(String path) {
    this.path = path;
  }

  public static Query path(String path) {
    return new Query(path);
  }

  /** A path segment such as a service name, encoded so that it cannot change the path. */
  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  public Query param(String name, Object value) {
    if (value != null) {
      query.append(query.length() == 0 ? '?' : '&').append(name).append('=')
          .append(URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
    }
    return this;
  }

  /** Docker's {@code filters={"service":["web"]}}; empty filters are left out. */
  public Query filters(Map<String, List<String>> filters) {
    Map<String, List<String>> present = new LinkedHashMap<>();
    filters.forEach((k, v) -> {
      if (v != null && !v.isEmpty()) {
        present.put(k, v);
      }
    });
    return present.isEmpty() ? this : param("filters", Json.toString(present));
  }

  @Override
  public String toString() {
    return path + query;
  }
}
