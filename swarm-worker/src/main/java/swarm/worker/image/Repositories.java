package swarm.worker.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import swarm.core.json.Json;

/**
 * The store's index, {@code repositories.json}: which image each {@code name:tag} names, and
 * which images exist with their manifest, layer blobs and size. An immutable value; the store
 * replaces it as a whole and writes it atomically (temporary file, then rename).
 */
record Repositories(Map<String, String> tags, Map<String, Entry> images) {
  /** One stored image: its manifest blob, layer blobs (lowest first) and uncompressed size. */
  record Entry(String manifest, List<String> layerBlobs, Long size) {
    Entry {
      layerBlobs = layerBlobs == null ? List.of() : List.copyOf(layerBlobs);
      size = size == null ? 0L : size;
    }
  }

  Repositories {
    tags = tags == null ? Map.of() : Map.copyOf(new TreeMap<>(tags));
    images = images == null ? Map.of() : Map.copyOf(images);
  }

  static Repositories read(Path file) throws IOException {
    try {
      return Json.read(Files.readAllBytes(file), Repositories.class);
    } catch (NoSuchFileException e) {
      return new Repositories(null, null);
    }
  }

  void write(Path file) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), ".repositories-", ".json");
    Files.write(tmp, Json.toBytes(this));
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  List<String> tagsOf(String imageId) {
    return tags.entrySet().stream().filter(e -> e.getValue().equals(imageId)).map(Map.Entry::getKey).sorted().toList();
  }

  Repositories withImage(String id, Entry entry) {
    Map<String, Entry> m = new TreeMap<>(images);
    m.put(id, entry);
    return new Repositories(tags, m);
  }

  Repositories withoutImage(String id) {
    Map<String, Entry> m = new TreeMap<>(images);
    m.remove(id);
    return new Repositories(tags, m);
  }

  Repositories withTag(String nameTag, String id) {
    Map<String, String> t = new TreeMap<>(tags);
    t.put(nameTag, id);
    return new Repositories(t, images);
  }

  Repositories withoutTag(String nameTag) {
    Map<String, String> t = new TreeMap<>(tags);
    t.remove(nameTag);
    return new Repositories(t, images);
  }
}
