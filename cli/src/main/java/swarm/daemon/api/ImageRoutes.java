package swarm.daemon.api;

import io.vertx.core.file.OpenOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import swarm.core.error.SwarmException;
import swarm.core.json.Json;
import swarm.daemon.NodeRuntime;
import swarm.worker.image.Image;

/**
 * This node's images: list, import a rootfs tar ({@code docker import}), load a docker-save or OCI
 * archive ({@code docker load}), remove. Uploads stream to a file under the data dir, never into memory.
 */
final class ImageRoutes implements Routes {
  private final NodeRuntime node;

  ImageRoutes(NodeRuntime node) {
    this.node = node;
  }

  @Override
  public void mount(Router r) {
    r.get("/images/json").blockingHandler(ctx -> Routes.ok(ctx, node.worker().images().list().stream()
        .map(ImageRoutes::summary).toList()), false);
    r.post("/images/create").handler(ctx -> {
      if (!"-".equals(ctx.queryParams().get("fromSrc"))) {
        ApiServer.fail(ctx, 501, "only importing an uploaded rootfs (fromSrc=-) is implemented; pulling from registries is not yet");
        return;
      }
      String repo = ctx.queryParams().get("repo");
      if (repo == null || repo.isBlank()) {
        ApiServer.fail(ctx, 400, "image name is required: swarm image import FILE NAME[:TAG]");
        return;
      }
      String tag = ctx.queryParams().get("tag");
      String ref = tag == null || tag.isBlank() ? repo : repo + ":" + tag;
      upload(ctx, file -> Map.of("status", node.worker().images().importRootfs(file, ref).id()));
    });
    r.post("/images/load").handler(ctx -> upload(ctx, file -> {
      List<Map<String, String>> lines = new ArrayList<>();
      for (Image image : node.worker().images().load(file)) {
        if (image.repoTags().isEmpty()) {
          lines.add(Map.of("stream", "Loaded image ID: " + image.id() + "\n"));
        }
        for (String tag : image.repoTags()) {
          lines.add(Map.of("stream", "Loaded image: " + tag + "\n"));
        }
      }
      return lines;
    }));
    r.delete("/images/*").blockingHandler(ctx -> {
      String ref = ctx.request().path().substring("/images/".length());
      ImagePins.ensureUnused(node.worker().images(), node.manager(), node.identity().nodeId(), ref);
      List<Map<String, String>> out = new ArrayList<>();
      for (String line : node.worker().images().remove(ref)) {
        int colon = line.indexOf(": ");
        out.add(Map.of(line.substring(0, colon), line.substring(colon + 2)));
      }
      Routes.ok(ctx, out);
    }, false);
  }

  private static Map<String, Object> summary(Image image) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Id", image.id());
    m.put("RepoTags", image.repoTags());
    m.put("Created", image.created().getEpochSecond());
    m.put("Size", image.size());
    return m;
  }

  /** Streams the request body to a temp file, then runs {@code work} on a worker thread. */
  private void upload(RoutingContext ctx, Function<Path, Object> work) {
    Path dir = node.dataDir().resolve("tmp");
    Path file;
    try {
      Files.createDirectories(dir);
      file = Files.createTempFile(dir, "upload-", ".tar");
    } catch (IOException e) {
      throw new SwarmException(SwarmException.Kind.INTERNAL, "cannot create upload file: " + e.getMessage());
    }
    var vertx = ctx.vertx();
    ctx.request().pause();
    vertx.fileSystem().open(file.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true))
        .compose(out -> ctx.request().pipeTo(out))
        .compose(v -> vertx.executeBlocking(() -> {
          try {
            return work.apply(file);
          } finally {
            Files.deleteIfExists(file);
          }
        }, false))
        .onSuccess(result -> {
          if (result instanceof List<?> lines) {
            StringBuilder b = new StringBuilder();
            lines.forEach(l -> b.append(Json.toString(l)).append('\n'));
            ctx.response().putHeader("Content-Type", "application/json").end(b.toString());
          } else {
            Routes.ok(ctx, result);
          }
        })
        .onFailure(e -> {
          try {
            Files.deleteIfExists(file);
          } catch (IOException ignored) {
            // the tmp dir is swept at daemon start
          }
          ctx.fail(e);
        });
  }
}
