package swarm.manager.controlapi;

import java.util.List;
import swarm.core.object.Node;

/**
 * What {@link ControlApi#updateNode} did: the node as committed, and warnings for a person when the change left the
 * swarm fragile (the API's {@code Warnings}). Immutable.
 */
public record NodeUpdate(Node node, List<String> warnings) {
  public NodeUpdate {
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }
}
