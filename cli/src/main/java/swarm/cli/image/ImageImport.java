package swarm.cli.image;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import swarm.cli.ApiCommand;
import swarm.cli.client.ByteStream;
import swarm.cli.client.Query;
import swarm.cli.format.ImageNames;
import swarm.core.error.SwarmException;

/** {@code swarm image import FILE|- NAME[:TAG]}: makes an image of a rootfs tar and prints its id, like docker. */
@Command(name = "import", description = "Import a root filesystem tarball as an image")
public final class ImageImport extends ApiCommand {
  @Parameters(index = "0", paramLabel = "FILE", description = "Tar archive of a root filesystem, or - for stdin")
  String file;

  @Parameters(index = "1", paramLabel = "NAME[:TAG]", description = "Name for the image")
  String reference;

  @Override
  public Integer call() {
    String[] repoTag = ImageNames.repositoryAndTag(reference);
    if (repoTag[0].isEmpty() || reference.contains("@")) {
      throw SwarmException.invalid("invalid image name '" + reference + "': use NAME[:TAG]");
    }
    String path = Query.path("/images/create").param("fromSrc", "-").param("repo", repoTag[0])
        .param("tag", repoTag[1]).toString();
    String[] id = {null};
    try (ArchiveSource source = ArchiveSource.open(file, System.in);
         ByteStream answer = client().upload(path, source.in(), source.length(), "application/x-tar")) {
      JsonMessages.read(answer, m -> {
        if (m.hasNonNull("status")) {
          id[0] = m.get("status").asText();
        }
      });
    }
    if (id[0] != null) {
      out().println(id[0]);
    }
    return 0;
  }
}
