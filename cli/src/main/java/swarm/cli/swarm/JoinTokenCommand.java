package swarm.cli.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import swarm.cli.ApiCommand;
import swarm.cli.FlagValues;
import swarm.cli.client.Query;
import swarm.core.error.SwarmException;

/**
 * {@code swarm join-token [-q] [--rotate] worker|manager}: prints the command that joins a host to this swarm in
 * that role, or with {@code -q} only the token; {@code --rotate} first replaces the token's secret, so the old one
 * no longer admits anyone (hosts already joined are not affected).
 */
@Command(name = "join-token", description = "Manage join tokens")
public final class JoinTokenCommand extends ApiCommand {
  @Parameters(paramLabel = "(worker|manager)", description = "The role the token admits")
  String role;

  @Option(names = {"-q", "--quiet"}, description = "Only display token")
  boolean quiet;

  @Option(names = "--rotate", description = "Rotate join token")
  boolean rotate;

  @Override
  public Integer call() {
    FlagValues v = new FlagValues();
    String r = role == null ? null : role.toLowerCase(java.util.Locale.ROOT);
    if (r != null && !r.equals("worker") && !r.equals("manager")) {
      v.problem("unknown role " + role + ": use worker or manager");
    }
    v.check();
    if (rotate) {
      JsonNode swarm = client().get("/swarm");
      client().post(Query.path("/swarm/update").param("version", swarm.path("Version").path("Index").asLong())
          .param(r.equals("worker") ? "rotateWorkerToken" : "rotateManagerToken", "true").toString(),
          swarm.path("Spec"));
      if (!quiet) {
        out().println("Successfully rotated " + r + " join token.");
        out().println();
      }
    }
    JsonNode token = client().get("/swarm").path("JoinTokens").path(r.equals("worker") ? "Worker" : "Manager");
    if (token.asText().isEmpty()) {
      throw SwarmException.unavailable("this swarm has no " + r + " join token yet");
    }
    if (quiet) {
      out().println(token.asText());
    } else {
      JoinHint.print(out(), r, token.asText(), JoinHint.address(client().get("/info")));
    }
    out().flush();
    return 0;
  }
}
