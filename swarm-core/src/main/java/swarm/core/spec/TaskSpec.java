package swarm.core.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Docker's {@code TaskTemplate}: what every task of a service runs, with its resources, restart
 * policy, placement and the overlay networks its tasks join ({@code networks}, each target resolved to the
 * network's id by the managers).
 */
public record TaskSpec(ContainerSpec containerSpec, ResourceRequirements resources, RestartPolicy restartPolicy,
                       Long forceUpdate, Placement placement, List<NetworkAttachmentConfig> networks) {
  public TaskSpec {
    containerSpec = containerSpec == null ? new ContainerSpec(null, null, null, null, null, null, null, null, null) : containerSpec;
    resources = resources == null ? new ResourceRequirements(null, null) : resources;
    restartPolicy = restartPolicy == null ? new RestartPolicy(null, null, null, null) : restartPolicy;
    forceUpdate = forceUpdate == null ? 0L : forceUpdate;
    placement = placement == null ? Placement.NONE : placement;
    networks = networks == null ? List.of() : List.copyOf(networks);
  }

  /** A task spec on no network. */
  public TaskSpec(ContainerSpec containerSpec, ResourceRequirements resources, RestartPolicy restartPolicy,
                  Long forceUpdate, Placement placement) {
    this(containerSpec, resources, restartPolicy, forceUpdate, placement, null);
  }

  /** A task spec without placement rules (the shape before placement existed). */
  public TaskSpec(ContainerSpec containerSpec, ResourceRequirements resources, RestartPolicy restartPolicy,
                  Long forceUpdate) {
    this(containerSpec, resources, restartPolicy, forceUpdate, null);
  }

  public List<String> validate() {
    List<String> problems = new ArrayList<>(containerSpec.validate());
    problems.addAll(resources.validate());
    problems.addAll(restartPolicy.validate());
    problems.addAll(placement.validate());
    Set<String> targets = new HashSet<>();
    for (NetworkAttachmentConfig n : networks) {
      if (n == null || n.target() == null || n.target().isBlank()) {
        problems.add("invalid network (--network): the network name or id is empty");
      } else if (!targets.add(n.target())) {
        problems.add("network " + n.target() + " is given more than once (--network)");
      }
    }
    return problems;
  }

  public TaskSpec withContainerSpec(ContainerSpec c) {
    return new TaskSpec(c, resources, restartPolicy, forceUpdate, placement, networks);
  }

  public TaskSpec withResources(ResourceRequirements r) {
    return new TaskSpec(containerSpec, r, restartPolicy, forceUpdate, placement, networks);
  }

  public TaskSpec withPlacement(Placement p) {
    return new TaskSpec(containerSpec, resources, restartPolicy, forceUpdate, p, networks);
  }

  public TaskSpec withNetworks(List<NetworkAttachmentConfig> n) {
    return new TaskSpec(containerSpec, resources, restartPolicy, forceUpdate, placement, n);
  }
}
