package swarm.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import swarm.cli.ApiCommand;
import swarm.cli.FlagValues;
import swarm.cli.client.EachTarget;
import swarm.cli.client.Query;
import swarm.core.error.SwarmException;

/**
 * {@code swarm service scale SERVICE=REPLICAS...}: updates each service's replica count (keeping the rest of its
 * spec exactly as the daemon sent it), then, unless {@code --detach}, waits for each to converge.
 */
@Command(name = "scale", description = "Scale one or multiple replicated services")
public final class ServiceScale extends ApiCommand {
  @Parameters(paramLabel = "SERVICE=REPLICAS", arity = "1..*", description = "e.g. web=3")
  List<String> targets;

  @Option(names = {"-d", "--detach"}, arity = "0..1", fallbackValue = "true",
      description = "Exit immediately instead of waiting for the services to converge")
  boolean detach;

  /** Parses every {@code SERVICE=N}; all are checked before any is sent. */
  static Map<String, Long> parse(List<String> targets) {
    FlagValues v = new FlagValues();
    Map<String, Long> scale = new LinkedHashMap<>();
    for (String t : targets) {
      int eq = t.indexOf('=');
      if (eq <= 0) {
        v.problem("invalid scale specifier '" + t + "': use SERVICE=REPLICAS");
        continue;
      }
      String name = t.substring(0, eq);
      String n = t.substring(eq + 1);
      try {
        long replicas = Long.parseLong(n);
        if (replicas >= 0) {
          scale.put(name, replicas);
          continue;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      v.problem("invalid replicas value " + n + " for " + name + ": must be a number 0 or greater");
    }
    v.check();
    return scale;
  }

  @Override
  public Integer call() {
    Map<String, Long> scale = parse(targets);
    List<String> scaled = new ArrayList<>();
    List<String> failures = EachTarget.attempt(scale.entrySet(), e -> {
      scaled.add(scaleOne(e.getKey(), e.getValue()));
      out().println(e.getKey() + " scaled to " + e.getValue());
    });
    out().flush();
    // The failures come after the services that did scale have converged.
    if (!detach) {
      for (String id : scaled) {
        new ConvergenceMonitor(client(), new ProgressView(out(), root().interactive())).await(id, true);
      }
    }
    EachTarget.throwIfAny(failures);
    return 0;
  }

  private String scaleOne(String name, long replicas) {
    JsonNode service = client().get("/services/" + Query.segment(name));
    JsonNode spec = service.path("Spec").deepCopy();
    if (!(spec instanceof ObjectNode specObject) || spec.path("Mode").has("Global")) {
      throw SwarmException.invalid("service " + name + ": scale can only be used with replicated mode");
    }
    ObjectNode mode = specObject.withObjectProperty("Mode");
    mode.withObjectProperty("Replicated").put("Replicas", replicas);
    String id = service.path("ID").asText();
    long version = service.path("Version").path("Index").asLong();
    JsonNode answer = client().post(Query.path("/services/" + id + "/update").param("version", version).toString(),
        specObject);
    for (JsonNode w : answer.path("Warnings")) {
      err().println("warning: " + w.asText());
    }
    return id;
  }
}
