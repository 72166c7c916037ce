package swarm.daemon.api;

import java.util.Optional;
import swarm.core.error.SwarmException;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.core.spec.ServiceSpec;
import swarm.manager.Manager;
import swarm.worker.image.Image;
import swarm.worker.image.ImageStore;

/**
 * Services run images pinned to a digest: {@link #pin} resolves a spec's image on this node when the service is
 * created or updated, and {@link #ensureUnused} keeps an image that a service or a container still uses from being
 * removed. Stateless.
 */
final class ImagePins {
  private ImagePins() {}

  /**
   * The spec with its image resolved on this node and pinned to its digest ({@code name:tag@sha256:...}), so
   * every task of the service runs exactly that image even if the tag moves later.
   */
  static ServiceSpec pin(ImageStore images, ServiceSpec spec) {
    String ref = spec.taskTemplate().containerSpec().image();
    if (ref == null || ref.isBlank()) {
      return spec; // the control API reports the missing image with the other problems
    }
    Image image = images.resolve(ref).orElseThrow(() -> SwarmException.invalid("image " + ref
        + " not found on this node: load it with 'swarm image load' or 'swarm image import' first"
        + " ('swarm image ls' lists the images)"));
    String name = ref.contains("@") ? ref.substring(0, ref.indexOf('@')) : ref;
    String pinned = name.startsWith("sha256:") || image.id().startsWith("sha256:" + name) ? image.id()
        : name + "@" + image.id();
    return spec.withTaskTemplate(spec.taskTemplate().withContainerSpec(
        spec.taskTemplate().containerSpec().withImage(pinned)));
  }

  /**
   * Refuses (409) to remove an image that a service still uses, or that a container on this node still runs (a
   * removed service's tasks take a moment to stop), naming who uses it. A worker has nobody to ask: no check.
   */
  static void ensureUnused(ImageStore images, Optional<Manager> manager, String nodeId, String ref) {
    Optional<Image> image = images.resolve(ref);
    if (manager.isEmpty() || image.isEmpty()) {
      return;
    }
    String id = image.get().id();
    for (Service s : manager.get().controlApi().services()) {
      if (usesImage(s.spec().taskTemplate().containerSpec().image(), id)) {
        throw SwarmException.conflict("image " + ref + " is in use by service " + s.spec().name()
            + ": remove the service first (swarm service rm " + s.spec().name() + ")");
      }
    }
    for (Task t : manager.get().controlApi().tasks(null, nodeId, null)) {
      if (!t.state().isTerminal() && usesImage(t.spec().containerSpec().image(), id)) {
        throw SwarmException.conflict("image " + ref + " is in use by container " + t.id() + " of task " + t.name()
            + ", which is still stopping: try again in a moment");
      }
    }
  }

  private static boolean usesImage(String pinned, String imageId) {
    return pinned != null && pinned.endsWith(imageId);
  }
}
