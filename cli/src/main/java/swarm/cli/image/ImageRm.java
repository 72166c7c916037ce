package swarm.cli.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import swarm.cli.ApiCommand;
import swarm.cli.client.EachTarget;

/** {@code swarm image rm IMAGE...}: prints {@code Untagged: ...} / {@code Deleted: ...} per image, like docker. */
@Command(name = "rm", aliases = "remove", description = "Remove one or more images")
public final class ImageRm extends ApiCommand {
  @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Image name[:tag] or id")
  List<String> images;

  @Override
  public Integer call() {
    EachTarget.run(images, image -> {
      // Docker's route takes the name raw (it may contain '/'), so only spaces are escaped.
      for (JsonNode r : client().delete("/images/" + image.replace(" ", "%20"))) {
        if (r.hasNonNull("Untagged")) {
          out().println("Untagged: " + r.get("Untagged").asText());
        }
        if (r.hasNonNull("Deleted")) {
          out().println("Deleted: " + r.get("Deleted").asText());
        }
      }
    }, out());
    return 0;
  }
}
