package swarm.core.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Docker's {@code TaskTemplate}: what every task of a service runs, with its resources, restart
 * policy and placement.
 */
public record TaskSpec(ContainerSpec containerSpec, ResourceRequirements resources, RestartPolicy restartPolicy,
                       Long forceUpdate, Placement placement) {
  public TaskSpec {
    containerSpec = containerSpec == null ? new ContainerSpec(null, null, null, null, null, null, null, null, null) : containerSpec;
    resources = resources == null ? new ResourceRequirements(null, null) : resources;
    restartPolicy = restartPolicy == null ? new RestartPolicy(null, null, null, null) : restartPolicy;
    forceUpdate = forceUpdate == null ? 0L : forceUpdate;
    placement = placement == null ? Placement.NONE : placement;
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
    return problems;
  }

  public TaskSpec withContainerSpec(ContainerSpec c) {
    return new TaskSpec(c, resources, restartPolicy, forceUpdate, placement);
  }

  public TaskSpec withResources(ResourceRequirements r) {
    return new TaskSpec(containerSpec, r, restartPolicy, forceUpdate, placement);
  }

  public TaskSpec withPlacement(Placement p) {
    return new TaskSpec(containerSpec, resources, restartPolicy, forceUpdate, p);
  }
}
