package swarm.testbed;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import swarm.core.json.Json;

/**
 * A {@code docker save} archive written by hand, as a CI job's build step leaves one: a single layer (a root
 * filesystem tar), an image config whose {@code Cmd} is what the image runs, and one tag. So a test can roll a
 * service from one image to another by {@code --image} alone, as users do. Stateless.
 */
final class SavedImage {
  private SavedImage() {}

  /**
   * Writes {@code out}: {@code rootfs} as the image {@code tag} running {@code cmd}.
   *
   * @return {@code out}
   */
  static Path write(Path rootfs, String tag, List<String> cmd, Path out) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory(out.getParent(), "save-");
    String layerDigest = sha256(rootfs);
    Path layer = dir.resolve(layerDigest + "/layer.tar");
    Files.createDirectories(layer.getParent());
    Files.copy(rootfs, layer);

    ObjectNode config = Json.MAPPER.createObjectNode().put("architecture", "amd64").put("os", "linux");
    ObjectNode run = config.putObject("config");
    run.putArray("Env").add("PATH=/bin");
    ArrayNode c = run.putArray("Cmd");
    cmd.forEach(c::add);
    ObjectNode fs = config.putObject("rootfs").put("type", "layers");
    fs.putArray("diff_ids").add("sha256:" + layerDigest);
    byte[] configBytes = Json.MAPPER.writeValueAsBytes(config);
    String configName = HexFormat.of().formatHex(digest().digest(configBytes)) + ".json";
    Files.write(dir.resolve(configName), configBytes);

    ArrayNode manifest = Json.MAPPER.createArrayNode();
    ObjectNode entry = manifest.addObject().put("Config", configName);
    entry.putArray("RepoTags").add(tag);
    entry.putArray("Layers").add(layerDigest + "/layer.tar");
    Files.write(dir.resolve("manifest.json"), Json.MAPPER.writeValueAsBytes(manifest));

    Process tar = new ProcessBuilder("tar", "-cf", out.toString(), "-C", dir.toString(), ".").inheritIO().start();
    if (tar.waitFor() != 0) {
      throw new IOException("tar of " + dir + " failed");
    }
    return out;
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest d = digest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        d.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
