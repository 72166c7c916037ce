package swarm.cli.node;

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
import swarm.core.error.SwarmException;

/**
 * {@code swarm node update [--availability active|pause|drain] [--label-add k=v]... [--label-rm k]...
 * [--role worker|manager] NODE}: reads the node, changes what the flags say, sends the whole spec back based on the
 * version read, and prints the node as typed (docker's output).
 */
@Command(name = "update", description = "Update a node")
public final class NodeUpdate extends ApiCommand {
  @Parameters(paramLabel = "NODE", description = "Node id or hostname")
  String node;

  @Option(names = "--availability", paramLabel = "STATE", description = "active, pause or drain")
  String availability;

  @Option(names = "--role", paramLabel = "ROLE", description = "worker or manager")
  String role;

  @Option(names = "--label-add", paramLabel = "KEY=VALUE", description = "Add or update a node label")
  List<String> labelAdd = new ArrayList<>();

  @Option(names = "--label-rm", paramLabel = "KEY", description = "Remove a node label if it exists")
  List<String> labelRm = new ArrayList<>();

  /** The changes the flags ask for, checked all at once before anything is sent. */
  record Changes(String availability, String role, Map<String, String> add, List<String> remove) {}

  Changes changes() {
    FlagValues v = new FlagValues();
    String a = v.oneOf("--availability", availability, "active", "pause", "drain");
    String r = v.oneOf("--role", role, "worker", "manager");
    Map<String, String> add = new LinkedHashMap<>();
    for (String label : labelAdd) {
      String[] kv = v.keyValue("--label-add", label);
      if (kv != null) {
        add.put(kv[0], kv[1]);
      }
    }
    for (String key : labelRm) {
      if (key.isBlank()) {
        v.problem("invalid value '' for --label-rm: use a label KEY");
      }
    }
    if (availability == null && role == null && labelAdd.isEmpty() && labelRm.isEmpty()) {
      v.problem("nothing to update: use --availability, --label-add, --label-rm or --role");
    }
    v.check();
    return new Changes(a, r, add, labelRm);
  }

  @Override
  public Integer call() {
    Changes c = changes();
    NodeSpecs.update(client(), node, spec -> {
      if (c.availability() != null) {
        spec.put("Availability", c.availability());
      }
      if (c.role() != null) {
        spec.put("Role", c.role());
      }
      ObjectNode labels = spec.withObjectProperty("Labels");
      for (String key : c.remove()) {
        if (!labels.has(key)) {
          throw SwarmException.invalid("key " + key + " doesn't exist in node's labels");
        }
        labels.remove(key);
      }
      c.add().forEach(labels::put);
      return true;
    }).forEach(w -> err().println("warning: " + w));
    out().println(node);
    return 0;
  }
}
