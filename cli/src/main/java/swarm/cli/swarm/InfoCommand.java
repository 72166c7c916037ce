package swarm.cli.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import swarm.cli.ApiCommand;

/** {@code swarm info}: this node and its swarm, laid out like {@code docker info}. */
@Command(name = "info", description = "Display system-wide information")
public final class InfoCommand extends ApiCommand {
  @Override
  public Integer call() {
    JsonNode info = client().get("/info");
    print(out(), info, root().address().toString());
    return 0;
  }

  static void print(PrintWriter out, JsonNode info, String host) {
    JsonNode swarm = info.path("Swarm");
    out.println("Client:");
    out.println(" Host: " + host);
    out.println();
    out.println("Server:");
    out.println(" Containers: " + info.path("Containers").asLong());
    out.println("  Running: " + info.path("ContainersRunning").asLong());
    out.println(" Images: " + info.path("Images").asLong());
    String state = swarm.path("LocalNodeState").asText("inactive");
    out.println(" Swarm: " + state);
    if (state.equals("active")) {
      out.println("  NodeID: " + swarm.path("NodeID").asText());
      out.println("  Is Manager: " + swarm.path("ControlAvailable").asBoolean(false));
      if (swarm.path("ControlAvailable").asBoolean(false)) {
        out.println("  ClusterID: " + swarm.path("Cluster").path("ID").asText());
        out.println("  Managers: " + swarm.path("Managers").asLong());
        out.println("  Nodes: " + swarm.path("Nodes").asLong());
      }
      out.println("  Node Address: " + swarm.path("NodeAddr").asText());
      if (!swarm.path("Error").asText("").isEmpty()) {
        out.println("  Error: " + swarm.path("Error").asText()); // as docker info prints it
      }
    }
    out.println(" Name: " + info.path("Name").asText());
    out.println(" ID: " + info.path("ID").asText());
    out.println(" Data dir: " + info.path("DockerRootDir").asText());
    out.flush();
  }
}
