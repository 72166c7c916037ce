package swarm.cli.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import swarm.cli.ApiCommand;
import swarm.cli.FlagValues;
import swarm.core.error.SwarmException;

/** {@code swarm init}: makes this node the first manager of a new swarm ({@code POST /swarm/init}). */
@Command(name = "init", description = "Initialize a swarm")
public final class InitCommand extends ApiCommand {
  static final String DEFAULT_LISTEN = "0.0.0.0:2377";
  private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[^:\\s\\[\\]]+)(:(\\d{1,5}))?");

  @Option(names = "--advertise-addr", paramLabel = "ADDR[:PORT]",
      description = "Address other nodes use to reach this one")
  String advertiseAddr;

  @Option(names = "--listen-addr", paramLabel = "ADDR[:PORT]", defaultValue = DEFAULT_LISTEN,
      description = "Listen address for the cluster API (default ${DEFAULT-VALUE})")
  String listenAddr;

  @Option(names = "--default-addr-pool", paramLabel = "CIDR",
      description = "Address pool for overlay networks' subnets (repeatable; default 10.0.0.0/8)")
  java.util.List<String> defaultAddrPool = new java.util.ArrayList<>();

  @Option(names = "--default-addr-pool-mask-length", paramLabel = "N",
      description = "Prefix length of the subnets taken from the pool (default 24)")
  Integer subnetSize;

  /** Checks {@code ADDR[:PORT]} with a port from 1 to 65535. */
  static void checkAddress(FlagValues v, String flag, String text) {
    if (text == null) {
      return;
    }
    var m = HOST_PORT.matcher(text.trim());
    boolean ok = m.matches() && (m.group(3) == null || (Integer.parseInt(m.group(3)) >= 1
        && Integer.parseInt(m.group(3)) <= 65535));
    if (!ok) {
      v.problem("invalid value '" + text + "' for " + flag + ": use ADDR[:PORT], e.g. 192.168.1.10:2377");
    }
  }

  @Override
  public Integer call() {
    FlagValues v = new FlagValues();
    checkAddress(v, "--advertise-addr", advertiseAddr);
    checkAddress(v, "--listen-addr", listenAddr);
    v.check();
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("ListenAddr", listenAddr);
    request.put("AdvertiseAddr", advertiseAddr == null ? "" : advertiseAddr);
    if (!defaultAddrPool.isEmpty()) {
      request.put("DefaultAddrPool", defaultAddrPool);
    }
    if (subnetSize != null) {
      request.put("SubnetSize", subnetSize);
    }
    JsonNode nodeId = client().post("/swarm/init", request);
    out().println("Swarm initialized: current node (" + nodeId.asText() + ") is now a manager.");
    joinHint();
    return 0;
  }

  /** Docker's "To add a worker..." lines, once the daemon has join tokens to show. */
  private void joinHint() {
    JsonNode worker;
    JsonNode info;
    try {
      worker = client().get("/swarm").path("JoinTokens").path("Worker");
      info = client().get("/info");
    } catch (SwarmException e) {
      return;
    }
    if (worker.isMissingNode() || worker.asText().isEmpty()) {
      return;
    }
    out().println();
    JoinHint.print(out(), "worker", worker.asText(), JoinHint.address(info));
    out().println("To add a manager to this swarm, run 'swarm join-token manager' and follow the instructions.");
    out().println();
  }
}
