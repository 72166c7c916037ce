package swarm.worker.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Test images built from the host's busybox-static: a rootfs tar, and the same rootfs packed as a
 * docker-save archive and as an OCI image layout archive, written by hand as those tools would.
 */
public final class BusyboxImage {
  public static final Path BUSYBOX = Path.of("/bin/busybox");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> APPLETS = List.of("sh", "sleep", "echo", "cat", "true", "false", "ls", "ps",
      "httpd", "wget", "env", "id", "hostname", "stat", "trap", "kill", "readlink", "test", "mkdir", "rm");

  private BusyboxImage() {}

  /** A root filesystem tar: /bin/busybox with applet symlinks, the usual empty dirs, passwd and group. */
  public static Path rootfsTar(Path workDir) throws IOException {
    Path root = Files.createDirectories(workDir.resolve("rootfs-src"));
    Files.createDirectories(root.resolve("bin"));
    Files.copy(BUSYBOX, root.resolve("bin/busybox"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    for (String applet : APPLETS) {
      Path link = root.resolve("bin").resolve(applet);
      if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, Path.of("busybox"));
      }
    }
    for (String d : List.of("proc", "sys", "dev", "tmp", "etc", "run", "root", "home/nobody")) {
      Files.createDirectories(root.resolve(d));
    }
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home/nobody:/bin/sh\n");
    Files.writeString(root.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
    return tar(root, workDir.resolve("rootfs.tar"));
  }

  /** Packs {@code dir}'s content (not the dir itself) into {@code out}, owned by root. */
  public static Path tar(Path dir, Path out) {
    Sh.run("tar -c --numeric-owner --owner=0 --group=0 -f '" + out + "' -C '" + dir + "' .");
    return out;
  }

  /** An OCI image config for the given layer diffIDs and CMD. */
  public static byte[] config(List<String> diffIds, List<String> cmd) throws IOException {
    return config(diffIds, cmd, null);
  }

  /** The same with a Docker {@code Healthcheck} in its run config ({@code Test, Interval, ...}), if not null. */
  public static byte[] config(List<String> diffIds, List<String> cmd, Map<String, Object> healthcheck)
      throws IOException {
    ObjectNode c = JSON.createObjectNode();
    c.put("created", "2024-05-01T10:00:00Z");
    c.put("architecture", "amd64");
    c.put("os", "linux");
    ObjectNode run = c.putObject("config");
    run.putArray("Env").add("PATH=/bin").add("IMAGE_VAR=from-image");
    cmd.forEach(run.putArray("Cmd")::add);
    if (healthcheck != null) {
      run.set("Healthcheck", JSON.valueToTree(healthcheck));
    }
    ObjectNode rootfs = c.putObject("rootfs");
    rootfs.put("type", "layers");
    diffIds.forEach(rootfs.putArray("diff_ids")::add);
    return JSON.writeValueAsBytes(c);
  }

  /** A {@code docker save} archive of the given layer tars (lowest first) tagged {@code repoTag}. */
  public static Path dockerSave(Path workDir, List<Path> layers, String repoTag, List<String> cmd) throws IOException {
    return dockerSave(workDir, layers, repoTag, cmd, null);
  }

  /** The same, with a Docker {@code Healthcheck} in the image config if not null. */
  public static Path dockerSave(Path workDir, List<Path> layers, String repoTag, List<String> cmd,
                                Map<String, Object> healthcheck) throws IOException {
    Path dir = Files.createDirectories(workDir.resolve("save-" + System.nanoTime()));
    List<String> diffIds = layers.stream().map(BusyboxImage::sha256).toList();
    byte[] config = config(diffIds, cmd, healthcheck);
    String configName = hex(sha256(config)) + ".json";
    Files.write(dir.resolve(configName), config);
    var layerNames = JSON.createArrayNode();
    for (int i = 0; i < layers.size(); i++) {
      String name = hex(diffIds.get(i)) + "/layer.tar";
      Files.createDirectories(dir.resolve(name).getParent());
      Files.copy(layers.get(i), dir.resolve(name));
      layerNames.add(name);
    }
    var manifest = JSON.createArrayNode();
    ObjectNode entry = manifest.addObject();
    entry.put("Config", configName);
    entry.putArray("RepoTags").add(repoTag);
    entry.set("Layers", layerNames);
    Files.write(dir.resolve("manifest.json"), JSON.writeValueAsBytes(manifest));
    return tar(dir, workDir.resolve("save-" + System.nanoTime() + ".tar"));
  }

  /** An OCI image layout archive with one gzip layer per given tar, named {@code name} by annotation. */
  public static Path ociLayout(Path workDir, List<Path> layers, String name, List<String> cmd) throws IOException {
    Path dir = Files.createDirectories(workDir.resolve("oci-" + System.nanoTime()));
    Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
    List<String> diffIds = layers.stream().map(BusyboxImage::sha256).toList();
    var layerDescs = JSON.createArrayNode();
    for (Path layer : layers) {
      Path gz = workDir.resolve("layer-" + System.nanoTime() + ".tar.gz");
      Sh.run("gzip -c '" + layer + "' > '" + gz + "'");
      String digest = sha256(gz);
      Files.copy(gz, blobs.resolve(hex(digest)));
      layerDescs.addObject().put("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip")
          .put("digest", digest).put("size", Files.size(gz));
    }
    byte[] config = config(diffIds, cmd);
    String configDigest = sha256(config);
    Files.write(blobs.resolve(hex(configDigest)), config);
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
    manifest.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json")
        .put("digest", configDigest).put("size", config.length);
    manifest.set("layers", layerDescs);
    byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
    String manifestDigest = sha256(manifestBytes);
    Files.write(blobs.resolve(hex(manifestDigest)), manifestBytes);
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    ObjectNode desc = index.putArray("manifests").addObject();
    desc.put("mediaType", "application/vnd.oci.image.manifest.v1+json").put("digest", manifestDigest)
        .put("size", manifestBytes.length);
    desc.set("annotations", JSON.valueToTree(Map.of("io.containerd.image.name", "docker.io/library/" + name,
        "org.opencontainers.image.ref.name", name.substring(name.indexOf(':') + 1))));
    Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(index));
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    return tar(dir, workDir.resolve("oci-" + System.nanoTime() + ".tar"));
  }

  public static String sha256(Path file) {
    try {
      return sha256(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static String sha256(byte[] data) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(String digest) {
    return digest.substring("sha256:".length());
  }
}
