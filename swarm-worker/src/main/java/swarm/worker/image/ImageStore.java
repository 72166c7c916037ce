package swarm.worker.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import swarm.core.error.SwarmException;
import swarm.net.sys.HostCommand;

/**
 * The node's local image store under {@code <dataDir>/images}: {@code blobs/sha256/<hex>} (layer
 * tars, configs, manifests), {@code layers/<diffID hex>/} (each layer unpacked once, shared by
 * all containers) and {@code repositories.json} (tags and images).
 *
 * <p>Thread-safe: every public method is synchronized, so a load, an import and a remove never
 * interleave; reads are cheap (the index is in memory, configs are cached by id).
 */
public final class ImageStore {
  private static final Pattern ID_PREFIX = Pattern.compile("(?:sha256:)?([0-9a-f]{4,64})");
  private static final String LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
  private static final String LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";

  private final Path dir;
  private final Path indexFile;
  private final Blobs blobs;
  private final Layers layers;
  private final Clock clock;
  private final Map<String, Image> described = new ConcurrentHashMap<>();
  private Repositories index;

  public ImageStore(Path imagesDir) {
    this(imagesDir, Whiteouts.OVERLAY, Clock.systemUTC());
  }

  ImageStore(Path imagesDir, Whiteouts.Target whiteouts, Clock clock) {
    try {
      this.dir = Files.createDirectories(imagesDir);
      this.indexFile = dir.resolve("repositories.json");
      this.blobs = new Blobs(dir);
      this.layers = new Layers(dir, whiteouts);
      this.clock = clock;
      this.index = Repositories.read(indexFile);
      layers.sweepTemporaries();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the image store in " + imagesDir, e);
    }
  }

  /**
   * Imports a root filesystem tar (plain or gzip) as a one-layer image, like {@code docker import}.
   *
   * @param reference {@code name[:tag]}; the tag defaults to {@code latest}
   */
  public synchronized Image importRootfs(Path rootfsTar, String reference) {
    ImageReference ref = ImageReference.parse(reference);
    if (ref.digest() != null) {
      throw SwarmException.invalid("cannot import as '" + reference + "': a digest is computed, not chosen; use name[:tag]");
    }
    if (!Files.isRegularFile(rootfsTar)) {
      throw SwarmException.notFound("cannot import " + rootfsTar + ": no such file");
    }
    TarMembers.check(rootfsTar, "cannot import " + ref.nameTag());
    try {
      Sha256.LayerDigests d = Sha256.ofLayer(rootfsTar);
      // No timestamp in the config: the image id is then a function of the rootfs alone, so importing the same
      // tar on every host gives the same id, and a service pinned to it runs anywhere it was imported.
      ObjectNode config = ArchiveFiles.JSON.createObjectNode();
      config.put("architecture", "amd64");
      config.put("os", "linux");
      config.putObject("config").putArray("Env").add(ImageConfig.DEFAULT_PATH);
      ObjectNode rootfs = config.putObject("rootfs");
      rootfs.put("type", "layers");
      rootfs.putArray("diff_ids").add(d.diffId());
      config.putArray("history").addObject().put("comment", "imported");
      byte[] configJson = ArchiveFiles.JSON.writeValueAsBytes(config);
      return install(new ArchiveImage(configJson, List.of(rootfsTar), List.of(ref.nameTag()), null),
          rootfsTar.toString(), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot import " + rootfsTar + ": " + e.getMessage(), e);
    }
  }

  /** Loads every image of a {@code docker save} or OCI image layout archive (plain or gzip tar). */
  public synchronized List<Image> load(Path archive) {
    if (!Files.isRegularFile(archive)) {
      throw SwarmException.notFound("cannot load " + archive + ": no such file");
    }
    TarMembers.check(archive, "cannot load the image archive");
    Path tmp = dir.resolve(".load-" + UUID.randomUUID());
    try {
      Files.createDirectories(tmp);
      HostCommand.Result r = HostCommand.of("tar", "-x", "--no-same-owner", "-f", archive.toString(), "-C",
          tmp.toString()).run();
      if (!r.ok()) {
        throw SwarmException.invalid("cannot read image archive " + archive + ": " + r.failure());
      }
      String name = archive.toString();
      List<ArchiveImage> found;
      if (Files.isRegularFile(tmp.resolve("manifest.json"))) {
        found = DockerSaveArchive.read(tmp, name);
      } else if (Files.isRegularFile(tmp.resolve("index.json"))) {
        found = OciLayoutArchive.read(tmp, name);
      } else {
        throw SwarmException.invalid("not a docker-save or OCI image archive: no manifest.json or index.json in " + name);
      }
      List<Image> loaded = new ArrayList<>();
      for (ArchiveImage a : found) {
        loaded.add(install(a, name, false));
      }
      return loaded;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load " + archive + ": " + e.getMessage(), e);
    } finally {
      try {
        Layers.deleteTree(tmp);
      } catch (IOException ignored) {
        // A leftover temp dir costs disk only; the next start does not read it.
      }
    }
  }

  /** All images, newest first. */
  public synchronized List<Image> list() {
    return index.images().keySet().stream().map(this::image)
        .sorted(Comparator.comparing(Image::created).reversed().thenComparing(Image::id)).toList();
  }

  /**
   * Finds an image by {@code name}, {@code name:tag}, full or short id, or pinned
   * {@code name:tag@sha256:<id hex>} (the digest is the image id, whatever the tag names now).
   */
  public synchronized Optional<Image> resolve(String reference) {
    return Optional.ofNullable(resolveId(reference)).map(this::image);
  }

  /**
   * Removes a tag, or every tag of an image given by id; an image left without tags is deleted
   * with its blobs and every layer no other image uses.
   *
   * @return Docker's lines: {@code Untagged: busybox:latest}, {@code Deleted: sha256:...}
   */
  public synchronized List<String> remove(String reference) {
    String id = resolveId(reference);
    if (id == null) {
      throw SwarmException.notFound("image " + reference + " not found");
    }
    List<String> lines = new ArrayList<>();
    Repositories next = index;
    ImageReference ref = parseOrNull(reference);
    boolean byTag = ref != null && ref.digest() == null && next.tags().containsKey(ref.nameTag());
    for (String tag : byTag ? List.of(ref.nameTag()) : next.tagsOf(id)) {
      next = next.withoutTag(tag);
      lines.add("Untagged: " + tag);
    }
    if (next.tagsOf(id).isEmpty()) {
      Repositories.Entry entry = next.images().get(id);
      Image image = image(id);
      next = next.withoutImage(id);
      commit(next);
      lines.add("Deleted: " + id);
      deleteUnused(image, entry, next);
    } else {
      commit(next);
    }
    return lines;
  }

  /** The image's unpacked layer directories, lowest layer first (overlayfs wants them reversed). */
  public List<Path> layerDirs(Image image) {
    return image.diffIds().stream().map(layers::path).toList();
  }

  /** The directory holding every unpacked layer; overlay mounts name layers relative to it. */
  public Path layersRoot() {
    return layers.root();
  }

  /**
   * Unpacks and stores an image's layers, config and manifest, then tags it. On failure every layer and blob that
   * this call added is removed again, so a refused archive leaves no half image behind.
   *
   * @param layersChecked whether the caller has already checked the layer tars with {@link TarMembers}
   */
  private Image install(ArchiveImage a, String archive, boolean layersChecked) throws IOException {
    List<String> addedLayers = new ArrayList<>();
    List<String> addedBlobs = new ArrayList<>();
    String id;
    try {
      id = install(a, archive, layersChecked, addedLayers, addedBlobs);
    } catch (IOException | RuntimeException e) {
      for (String diffId : addedLayers) {
        layers.delete(diffId);
      }
      for (String blob : addedBlobs) {
        blobs.delete(blob);
      }
      throw e;
    }
    return image(id);
  }

  /** Everything of {@link #install(ArchiveImage, String, boolean)} up to and including the index commit. */
  private String install(ArchiveImage a, String archive, boolean layersChecked, List<String> addedLayers,
                        List<String> addedBlobs) throws IOException {
    JsonNode config = ArchiveFiles.JSON.readTree(a.config());
    List<String> diffIds = new ArrayList<>();
    config.path("rootfs").path("diff_ids").forEach(d -> diffIds.add(d.asText()));
    if (diffIds.size() != a.layers().size()) {
      throw SwarmException.invalid("broken image in " + archive + ": its config lists " + diffIds.size()
          + " layers (rootfs.diff_ids) but the archive has " + a.layers().size());
    }
    List<String> layerBlobs = new ArrayList<>();
    ArrayNode manifestLayers = ArchiveFiles.JSON.createArrayNode();
    long size = 0;
    for (int i = 0; i < diffIds.size(); i++) {
      Path file = a.layers().get(i);
      Sha256.LayerDigests d = Sha256.ofLayer(file);
      if (!d.diffId().equals(diffIds.get(i))) {
        throw SwarmException.invalid("broken image in " + archive + ": layer " + (i + 1) + " has digest " + d.diffId()
            + " but the config says " + diffIds.get(i));
      }
      if (!layers.has(d.diffId())) {
        if (!layersChecked) {
          TarMembers.check(file, "broken image in " + archive + ": layer " + (i + 1));
        }
        layers.unpack(d.diffId(), file);
        addedLayers.add(d.diffId());
      }
      if (!blobs.has(d.blob())) {
        blobs.putFile(d.blob(), file);
        addedBlobs.add(d.blob());
      }
      layerBlobs.add(d.blob());
      size += d.uncompressedSize();
      manifestLayers.addObject().put("mediaType", d.blob().equals(d.diffId()) ? LAYER_TAR : LAYER_GZIP)
          .put("digest", d.blob()).put("size", Files.size(file));
    }
    String id = put(a.config(), addedBlobs);
    byte[] manifest = a.manifest() != null ? a.manifest() : manifestFor(id, a.config().length, manifestLayers);
    String manifestDigest = put(manifest, addedBlobs);
    Repositories next = index.withImage(id, new Repositories.Entry(manifestDigest, layerBlobs, size));
    for (String tag : a.tags()) {
      next = next.withTag(ImageReference.parse(tag).nameTag(), id);
    }
    commit(next);
    return id;
  }

  /** Stores a blob, noting it in {@code added} when it was not there before. */
  private String put(byte[] data, List<String> added) throws IOException {
    String digest = Sha256.of(data);
    if (!blobs.has(digest)) {
      blobs.put(data);
      added.add(digest);
    }
    return digest;
  }

  private static byte[] manifestFor(String configDigest, long configSize, ArrayNode layers) throws IOException {
    ObjectNode m = ArchiveFiles.JSON.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
    m.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json")
        .put("digest", configDigest).put("size", configSize);
    m.set("layers", layers);
    return ArchiveFiles.JSON.writeValueAsBytes(m);
  }

  private void deleteUnused(Image image, Repositories.Entry entry, Repositories remaining) {
    Set<String> usedLayers = new HashSet<>();
    Set<String> usedBlobs = new HashSet<>();
    for (var e : remaining.images().entrySet()) {
      usedLayers.addAll(image(e.getKey()).diffIds());
      usedBlobs.addAll(e.getValue().layerBlobs());
      usedBlobs.add(e.getValue().manifest());
      usedBlobs.add(e.getKey());
    }
    try {
      for (String diffId : image.diffIds()) {
        if (!usedLayers.contains(diffId)) {
          layers.delete(diffId);
        }
      }
      List<String> doomed = new ArrayList<>(entry.layerBlobs());
      doomed.add(entry.manifest());
      doomed.add(image.id());
      for (String blob : doomed) {
        if (!usedBlobs.contains(blob)) {
          blobs.delete(blob);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("image " + image.id() + " is untagged but its files could not all be deleted", e);
    }
    described.remove(image.id());
  }

  private String resolveId(String reference) {
    ImageReference ref = parseOrNull(reference);
    if (ref != null && ref.digest() != null) {
      return index.images().containsKey(ref.digest()) ? ref.digest() : null;
    }
    if (ref != null && index.tags().containsKey(ref.nameTag())) {
      return index.tags().get(ref.nameTag());
    }
    var m = ID_PREFIX.matcher(reference == null ? "" : reference.trim());
    if (m.matches()) {
      String prefix = "sha256:" + m.group(1);
      List<String> ids = index.images().keySet().stream().filter(id -> id.startsWith(prefix)).toList();
      if (ids.size() > 1) {
        throw SwarmException.invalid("image id prefix '" + reference + "' is ambiguous: it matches " + ids.size()
            + " images; give more digits");
      }
      return ids.isEmpty() ? null : ids.get(0);
    }
    if (ref == null && !m.matches()) {
      ImageReference.parse(reference); // throws the reference's own message
    }
    return null;
  }

  private static ImageReference parseOrNull(String reference) {
    try {
      return ImageReference.parse(reference);
    } catch (SwarmException e) {
      return null;
    }
  }

  private Image image(String id) {
    Image base = described.computeIfAbsent(id, this::describe);
    return new Image(id, index.tagsOf(id), base.created(), base.size(), base.config(), base.diffIds());
  }

  private Image describe(String id) {
    try {
      JsonNode c = ArchiveFiles.JSON.readTree(blobs.read(id));
      JsonNode run = c.path("config");
      ImageConfig config = new ImageConfig(strings(run.path("Env")), strings(run.path("Entrypoint")),
          strings(run.path("Cmd")), run.path("WorkingDir").asText(""), run.path("User").asText(""),
          healthcheck(run.path("Healthcheck")));
      List<String> diffIds = strings(c.path("rootfs").path("diff_ids"));
      Repositories.Entry entry = index.images().get(id);
      Instant created = c.hasNonNull("created") ? created(c.path("created").asText(""))
          : Files.getLastModifiedTime(blobs.path(id)).toInstant(); // imported here, at that time
      return new Image(id, List.of(), created, entry == null ? 0 : entry.size(), config, diffIds);
    } catch (IOException e) {
      throw new UncheckedIOException("image " + id + " is damaged: its config blob cannot be read", e);
    }
  }

  /** Docker's image {@code Healthcheck} uses the same names as the API's; anything unreadable is ignored. */
  private static swarm.core.spec.HealthConfig healthcheck(JsonNode node) {
    if (!node.isObject()) {
      return null;
    }
    try {
      return swarm.core.json.Json.MAPPER.treeToValue(node, swarm.core.spec.HealthConfig.class);
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  private static Instant created(String text) {
    try {
      return text.isEmpty() ? Instant.EPOCH : java.time.OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private void commit(Repositories next) {
    try {
      next.write(indexFile);
      index = next;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + indexFile, e);
    }
  }
}
