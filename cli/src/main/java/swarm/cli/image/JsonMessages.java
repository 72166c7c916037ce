package swarm.cli.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.function.Consumer;
import swarm.cli.client.ByteStream;
import swarm.cli.client.LineSplitter;
import swarm.core.error.SwarmException;
import swarm.core.json.Json;

/**
 * Reads docker's JSON-message stream ({@code {"stream": ...}}, {@code {"status": ...}}, {@code {"error": ...}})
 * line by line as the daemon sends it; an error message ends the command with that message.
 */
final class JsonMessages {
  private JsonMessages() {}

  static void read(ByteStream stream, Consumer<JsonNode> onMessage) {
    LineSplitter lines = new LineSplitter();
    byte[] chunk;
    while ((chunk = stream.next()) != null) {
      lines.feed(chunk).forEach(l -> handle(l, onMessage));
    }
    lines.flush().forEach(l -> handle(l, onMessage));
  }

  private static void handle(String line, Consumer<JsonNode> onMessage) {
    if (line.isBlank()) {
      return;
    }
    JsonNode message;
    try {
      message = Json.MAPPER.readTree(line);
    } catch (IOException e) {
      throw new SwarmException(SwarmException.Kind.INTERNAL, "the swarm daemon sent a line this client cannot read: "
          + line);
    }
    if (message.hasNonNull("error") || message.has("errorDetail")) {
      String why = message.path("error").asText(message.path("errorDetail").path("message").asText());
      throw SwarmException.invalid(why);
    }
    onMessage.accept(message);
  }
}
