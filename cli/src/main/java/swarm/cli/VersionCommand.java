package swarm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code swarm version}: this client's version, then the daemon's, like {@code docker version}. */
@Command(name = "version", description = "Show the swarm version information")
final class VersionCommand extends ApiCommand {
  static final String API_VERSION = "1.41";

  static String clientVersion() {
    String v = VersionCommand.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public Integer call() {
    PrintWriter out = out();
    out.println("Client:");
    out.printf(" %-19s%s%n", "Version:", clientVersion());
    out.printf(" %-19s%s%n", "API version:", API_VERSION);
    out.printf(" %-19s%s%n", "Java version:", System.getProperty("java.version"));
    out.printf(" %-19s%s/%s%n", "OS/Arch:", System.getProperty("os.name").toLowerCase(), arch());
    out.println();
    out.flush();
    JsonNode v = client().get("/version");
    out.println("Server:");
    out.printf(" %-19s%s%n", "Version:", v.path("Version").asText());
    out.printf(" %-19s%s%n", "API version:", v.path("ApiVersion").asText());
    out.printf(" %-19s%s/%s%n", "OS/Arch:", v.path("Os").asText(), v.path("Arch").asText());
    return 0;
  }

  private static String arch() {
    String a = System.getProperty("os.arch");
    return a.equals("x86_64") ? "amd64" : a.equals("aarch64") ? "arm64" : a;
  }
}
