package swarm.core.spec;

import java.util.ArrayList;
import java.util.List;

/** Docker's {@code TaskTemplate}: what every task of a service runs, with its resources and restart policy. */
public record TaskSpec(ContainerSpec containerSpec, ResourceRequirements resources, RestartPolicy restartPolicy,
                       Long forceUpdate) {
  public TaskSpec {
    containerSpec = containerSpec == null ? new ContainerSpec(null, null, null, null, null, null, null, null, null) : containerSpec;
    resources = resources == null ? new ResourceRequirements(null, null) : resources;
    restartPolicy = restartPolicy == null ? new RestartPolicy(null, null, null, null) : restartPolicy;
    forceUpdate = forceUpdate == null ? 0L : forceUpdate;
  }

  public List<String> validate() {
    List<String> problems = new ArrayList<>(containerSpec.validate());
    problems.addAll(resources.validate());
    problems.addAll(restartPolicy.validate());
    return problems;
  }

  public TaskSpec withContainerSpec(ContainerSpec c) {
    return new TaskSpec(c, resources, restartPolicy, forceUpdate);
  }
}
