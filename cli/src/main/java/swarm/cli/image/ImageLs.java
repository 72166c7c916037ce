package swarm.cli.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import swarm.cli.ApiCommand;
import swarm.cli.format.HumanSize;
import swarm.cli.format.HumanTime;
import swarm.cli.format.Ids;
import swarm.cli.format.ImageNames;
import swarm.cli.format.OutputFormat;
import swarm.cli.format.Table;

/** {@code swarm image ls}: REPOSITORY TAG IMAGE ID CREATED SIZE, newest first, one row per tag, like docker. */
@Command(name = "ls", aliases = "list", description = "List images")
public final class ImageLs extends ApiCommand {
  @Option(names = {"-q", "--quiet"}, description = "Only show image IDs")
  boolean quiet;

  @Option(names = "--no-trunc", description = "Don't truncate output")
  boolean noTrunc;

  @Option(names = "--format", paramLabel = "FORMAT", description = "table (default) or json (one object per line)")
  String format;

  @Override
  public Integer call() {
    OutputFormat output = OutputFormat.parse(format);
    List<JsonNode> images = new ArrayList<>();
    client().get("/images/json").forEach(images::add);
    images.sort(Comparator.comparingLong((JsonNode i) -> i.path("Created").asLong()).reversed());
    List<Map<String, Object>> rows = rows(images, noTrunc, clock().instant());
    if (quiet) {
      Set<Object> ids = new LinkedHashSet<>();
      rows.forEach(r -> ids.add(r.get("ID")));
      ids.forEach(out()::println);
      return 0;
    }
    Table table = new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
    for (Map<String, Object> r : rows) {
      if (output == OutputFormat.JSON) {
        OutputFormat.jsonLine(out(), r);
      } else {
        table.row((String) r.get("Repository"), (String) r.get("Tag"), (String) r.get("ID"),
            (String) r.get("CreatedSince"), (String) r.get("Size"));
      }
    }
    if (output == OutputFormat.TABLE) {
      table.print(out());
    }
    return 0;
  }

  static List<Map<String, Object>> rows(List<JsonNode> images, boolean noTrunc, Instant now) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (JsonNode i : images) {
      List<String> tags = new ArrayList<>();
      i.path("RepoTags").forEach(t -> tags.add(t.asText()));
      if (tags.isEmpty()) {
        tags.add("<none>:<none>");
      }
      for (String t : tags) {
        String[] repoTag = t.equals("<none>:<none>") ? new String[] {"<none>", "<none>"} : ImageNames.repositoryAndTag(t);
        Instant created = Instant.ofEpochSecond(i.path("Created").asLong());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("Repository", repoTag[0]);
        row.put("Tag", repoTag[1]);
        row.put("ID", noTrunc ? i.path("Id").asText() : Ids.shortId(i.path("Id").asText()));
        row.put("CreatedAt", created.toString());
        row.put("CreatedSince", HumanTime.ago(created, now));
        row.put("Size", HumanSize.of(i.path("Size").asLong()));
        rows.add(row);
      }
    }
    return rows;
  }
}
