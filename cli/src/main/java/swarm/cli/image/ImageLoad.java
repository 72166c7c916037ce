package swarm.cli.image;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import swarm.cli.ApiCommand;
import swarm.cli.client.ByteStream;
import swarm.core.error.SwarmException;

/** {@code swarm image load [-i FILE]}: loads a docker-save or OCI archive and prints {@code Loaded image: ...}. */
@Command(name = "load", description = "Load an image from a tar archive or STDIN")
public final class ImageLoad extends ApiCommand {
  @Option(names = {"-i", "--input"}, paramLabel = "FILE", description = "Read from a tar archive file instead of STDIN")
  String input;

  @Option(names = {"-q", "--quiet"}, description = "Suppress the load output")
  boolean quiet;

  @Override
  public Integer call() {
    if (input == null && System.console() != null) {
      throw SwarmException.invalid("requested load from stdin, but stdin is a terminal: use -i FILE or redirect"
          + " an archive to stdin");
    }
    try (ArchiveSource source = ArchiveSource.open(input, System.in);
         ByteStream answer = client().upload("/images/load" + (quiet ? "?quiet=1" : ""), source.in(),
             source.length(), "application/x-tar")) {
      JsonMessages.read(answer, m -> {
        if (m.hasNonNull("stream")) {
          out().print(m.get("stream").asText());
        } else if (!quiet && m.hasNonNull("status")) {
          out().println(m.get("status").asText());
        }
        out().flush();
      });
    }
    return 0;
  }
}
