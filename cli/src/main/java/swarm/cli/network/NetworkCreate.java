package swarm.cli.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import swarm.cli.ApiCommand;
import swarm.cli.FlagValues;
import swarm.cli.service.ListFlags;

/**
 * {@code swarm network create [--driver overlay] [--subnet CIDR] [--gateway IP] [--attachable] [--label K=V] NAME}:
 * creates an overlay network ({@code POST /networks/create}, Docker's body) and prints its id.
 */
@Command(name = "create", description = "Create an overlay network")
public final class NetworkCreate extends ApiCommand {
  @Option(names = {"-d", "--driver"}, paramLabel = "DRIVER", defaultValue = "overlay",
      description = "Driver to manage the network (only overlay)")
  String driver;

  @Option(names = "--subnet", paramLabel = "CIDR", description = "Subnet in CIDR format, e.g. 10.0.9.0/24")
  String subnet;

  @Option(names = "--gateway", paramLabel = "IP", description = "Gateway of the subnet (default: its first address)")
  String gateway;

  @Option(names = "--attachable", description = "Enable manual container attachment")
  boolean attachable;

  @Option(names = "--ingress", description = "Create the swarm's routing-mesh network")
  boolean ingress;

  @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Set metadata on a network (repeatable)")
  List<String> labels = new ArrayList<>();

  @Parameters(index = "0", paramLabel = "NAME", description = "Network name")
  String name;

  @Override
  public Integer call() {
    FlagValues v = new FlagValues();
    Map<String, String> labelMap = ListFlags.labels(v, "--label", labels);
    v.check();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Name", name);
    body.put("Driver", driver);
    body.put("CheckDuplicate", true);
    body.put("Attachable", attachable);
    body.put("Ingress", ingress);
    body.put("Labels", labelMap);
    if (subnet != null || gateway != null) {
      Map<String, Object> config = new LinkedHashMap<>();
      if (subnet != null) {
        config.put("Subnet", subnet);
      }
      if (gateway != null) {
        config.put("Gateway", gateway);
      }
      body.put("IPAM", Map.of("Driver", "default", "Config", List.of(config)));
    }
    out().println(client().post("/networks/create", body).path("Id").asText());
    return 0;
  }
}
