package swarm.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import swarm.core.json.Json;

/**
 * A node's data directory seen from outside the daemon: its containers as runc itself lists them (independent of
 * our daemon, so tests can check what really runs) and the mounts under it. Stateless apart from the path.
 */
public final class DataDir {
  private final Path path;

  public DataDir(Path path) {
    this.path = path;
  }

  public Path path() {
    return path;
  }

  private Path runcRoot() {
    return path.resolve("run").resolve("runc");
  }

  /**
   * Containers as runc sees them (id, pid, status, ...). runc's list can fail while a container is being deleted
   * under it; then ask again.
   */
  public List<JsonNode> runcContainers() throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      Process p = new ProcessBuilder("runc", "--root", runcRoot().toString(), "list", "--format", "json")
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String text = new String(p.getInputStream().readAllBytes());
      int code = p.waitFor();
      List<JsonNode> out = new ArrayList<>();
      if (code == 0 && (text.isBlank() || text.trim().equals("null"))) {
        return out;
      }
      try {
        if (code == 0) {
          Json.MAPPER.readTree(text).forEach(out::add);
          return out;
        }
      } catch (IOException e) {
        // a partial listing: try again
      }
      if (attempt == 10) {
        throw new IllegalStateException("runc list keeps failing: " + text);
      }
      Thread.sleep(100);
    }
  }

  public List<JsonNode> runningContainers() throws IOException, InterruptedException {
    return runcContainers().stream().filter(c -> "running".equals(c.path("status").asText())).toList();
  }

  /** Mount points under the data dir that are still mounted. */
  public List<String> mounts() throws IOException {
    return Mounts.under(path);
  }

  /** {@code runc delete --force} for every container; runc kills its processes and removes its cgroups. */
  public void deleteContainers() throws IOException, InterruptedException {
    for (JsonNode c : runcContainers()) {
      new ProcessBuilder("runc", "--root", runcRoot().toString(), "delete", "--force", c.path("id").asText())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
          .waitFor(30, TimeUnit.SECONDS);
    }
  }
}
