package swarm.cli.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import swarm.cli.ApiCommand;
import swarm.cli.FlagValues;

/**
 * {@code swarm join --token TOKEN [--advertise-addr ADDR] [--listen-addr ADDR[:PORT]] HOST[:PORT]}: joins this node
 * to the swarm a manager at HOST serves ({@code POST /swarm/join}), as a worker or a manager as the token says.
 */
@Command(name = "join", description = "Join a swarm as a node and/or manager")
public final class JoinCommand extends ApiCommand {
  static final String TOKEN_PREFIX = "SWMTKN-1-";

  @Parameters(paramLabel = "HOST:PORT", description = "A manager of the swarm (port 2377 if left out)")
  String remote;

  @Option(names = "--token", paramLabel = "TOKEN", required = true, description = "Token for entry into the swarm")
  String token;

  @Option(names = "--advertise-addr", paramLabel = "ADDR[:PORT]",
      description = "Address other nodes use to reach this one")
  String advertiseAddr;

  @Option(names = "--listen-addr", paramLabel = "ADDR[:PORT]", defaultValue = InitCommand.DEFAULT_LISTEN,
      description = "Listen address for the cluster API (default ${DEFAULT-VALUE})")
  String listenAddr;

  /** The request body, once every value is checked. */
  Map<String, Object> request() {
    FlagValues v = new FlagValues();
    if (!token.trim().startsWith(TOKEN_PREFIX)) {
      v.problem("invalid value for --token: a join token starts with " + TOKEN_PREFIX
          + " (run 'swarm join-token worker' on a manager)");
    }
    InitCommand.checkAddress(v, "HOST:PORT", remote);
    InitCommand.checkAddress(v, "--advertise-addr", advertiseAddr);
    InitCommand.checkAddress(v, "--listen-addr", listenAddr);
    v.check();
    String target = remote.trim();
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("ListenAddr", listenAddr);
    request.put("AdvertiseAddr", advertiseAddr == null ? "" : advertiseAddr);
    request.put("RemoteAddrs", List.of(JoinHint.hasPort(target) ? target : target + ":" + JoinHint.CLUSTER_PORT));
    request.put("JoinToken", token.trim());
    return request;
  }

  @Override
  public Integer call() {
    Map<String, Object> request = request();
    JsonNode answer = client().post("/swarm/join", request);
    String role = answer.path("Role").asText("worker");
    out().println("This node joined a swarm as a " + (role.equalsIgnoreCase("manager") ? "manager" : "worker") + ".");
    out().flush();
    return 0;
  }
}
