package swarm.worker.exec.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import swarm.core.error.SwarmException;
import swarm.core.spec.Privileges;

/**
 * A seccomp profile in Docker's format (the file of {@code docker run --security-opt seccomp=FILE})
 * turned into the OCI runtime spec's {@code linux.seccomp}, as dockerd does: {@code archMap} picks
 * the entry of this host's architecture, each syscall rule applies only where its
 * {@code includes} hold and its {@code excludes} do not (capabilities, architectures, kernel
 * version), and {@code name} joins {@code names}. What is already in the OCI form passes through,
 * except {@code flags}, which are dropped: runc 1.1 refuses to start a container that has any
 * ("seccomp flags are not yet supported"), and none of them makes the filter refuse more.
 * Stateless and thread-safe.
 */
final class DockerSeccompProfile {
  private static final Pattern KERNEL = Pattern.compile("^(\\d+)\\.(\\d+)");

  private DockerSeccompProfile() {}

  /**
   * @param capabilities the container's bounding set, which {@code includes.caps} and {@code excludes.caps} test
   * @throws SwarmException when {@code json} is no profile (the spec's validation refuses those before)
   */
  static ObjectNode toOci(String json, List<String> capabilities, SeccompHost host) {
    Privileges.Seccomp.profileProblem(json == null ? "" : json).ifPresent(p -> {
      throw SwarmException.invalid("invalid seccomp profile: " + p);
    });
    JsonNode in;
    try {
      in = BundleConfig.JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw SwarmException.invalid("invalid seccomp profile: " + e.getOriginalMessage());
    }
    ObjectNode out = BundleConfig.JSON.createObjectNode();
    out.put("defaultAction", in.get("defaultAction").asText());
    copy(in, out, "defaultErrnoRet");
    ArrayNode arches = BundleConfig.JSON.createArrayNode();
    in.path("architectures").forEach(arches::add);
    for (JsonNode entry : in.path("archMap")) {
      if (entry.path("architecture").asText().equals(host.nativeArchitecture())) {
        arches.add(entry.get("architecture"));
        entry.path("subArchitectures").forEach(arches::add);
      }
    }
    if (!arches.isEmpty()) {
      out.set("architectures", arches);
    }
    ArrayNode rules = out.putArray("syscalls");
    for (JsonNode s : in.path("syscalls")) {
      if (applies(s, capabilities, host)) {
        rule(s).ifPresent(rules::add);
      }
    }
    return out;
  }

  private static Optional<ObjectNode> rule(JsonNode s) {
    List<String> names = new ArrayList<>();
    if (s.path("name").isTextual()) {
      names.add(s.get("name").asText());
    }
    s.path("names").forEach(n -> names.add(n.asText()));
    if (names.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode r = BundleConfig.JSON.createObjectNode();
    names.forEach(r.putArray("names")::add);
    r.put("action", s.path("action").asText());
    copy(s, r, "errnoRet");
    if (s.path("args").size() > 0) {
      ArrayNode args = r.putArray("args");
      for (JsonNode a : s.get("args")) {
        ObjectNode arg = args.addObject();
        for (String field : List.of("index", "value", "valueTwo", "op")) {
          copy(a, arg, field);
        }
      }
    }
    return Optional.of(r);
  }

  /** Docker's conditions: all of {@code includes} hold and none of {@code excludes} does. */
  private static boolean applies(JsonNode s, List<String> capabilities, SeccompHost host) {
    JsonNode inc = s.path("includes");
    JsonNode exc = s.path("excludes");
    for (JsonNode cap : inc.path("caps")) {
      if (!capabilities.contains(cap.asText())) {
        return false;
      }
    }
    if (inc.path("arches").size() > 0 && !contains(inc.path("arches"), host.goArch())) {
      return false;
    }
    if (inc.path("minKernel").isTextual() && !atLeast(host, inc.get("minKernel").asText())) {
      return false;
    }
    for (JsonNode cap : exc.path("caps")) {
      if (capabilities.contains(cap.asText())) {
        return false;
      }
    }
    if (contains(exc.path("arches"), host.goArch())) {
      return false;
    }
    return !(exc.path("minKernel").isTextual() && atLeast(host, exc.get("minKernel").asText()));
  }

  private static boolean atLeast(SeccompHost host, String version) {
    Matcher m = KERNEL.matcher(version.strip());
    if (!m.find()) {
      throw SwarmException.invalid("invalid seccomp profile: minKernel '" + version + "' is not a kernel version"
          + " such as 4.8");
    }
    return host.kernelAtLeast(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  private static boolean contains(JsonNode array, String value) {
    for (JsonNode n : array) {
      if (n.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static void copy(JsonNode from, ObjectNode to, String field) {
    if (from.has(field) && !from.get(field).isNull()) {
      to.set(field, from.get(field));
    }
  }
}
