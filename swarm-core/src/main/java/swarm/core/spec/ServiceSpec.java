package swarm.core.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the user asked for: Docker's {@code ServiceSpec}. Immutable; the compact constructor fills
 * Docker's defaults, {@link #validate()} lists every problem (Nomad's {@code Job.Validate} style).
 */
public record ServiceSpec(String name, Map<String, String> labels, TaskSpec taskTemplate, ServiceMode mode,
                          EndpointSpec endpointSpec, UpdateConfig updateConfig, UpdateConfig rollbackConfig) {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}");

  public ServiceSpec {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    taskTemplate = taskTemplate == null ? new TaskSpec(null, null, null, null) : taskTemplate;
    mode = mode == null ? ServiceMode.replicated(1) : mode;
    endpointSpec = endpointSpec == null ? EndpointSpec.NONE : endpointSpec;
    updateConfig = updateConfig == null ? UpdateConfig.DEFAULT : updateConfig;
    rollbackConfig = rollbackConfig == null ? UpdateConfig.DEFAULT : rollbackConfig;
  }

  /** A spec with Swarm's default update and rollback configs. */
  public ServiceSpec(String name, Map<String, String> labels, TaskSpec taskTemplate, ServiceMode mode,
                     EndpointSpec endpointSpec) {
    this(name, labels, taskTemplate, mode, endpointSpec, null, null);
  }

  /** A spec that publishes no ports. */
  public ServiceSpec(String name, Map<String, String> labels, TaskSpec taskTemplate, ServiceMode mode) {
    this(name, labels, taskTemplate, mode, null);
  }

  /** Every problem with this spec, each naming the field and what is allowed; empty when valid. */
  public List<String> validate() {
    List<String> problems = new ArrayList<>();
    if (name == null || name.isEmpty()) {
      problems.add("service name is required (--name)");
    } else if (!NAME.matcher(name).matches()) {
      problems.add("invalid service name '" + name + "': use 1-63 letters, digits, '_', '.' or '-', starting with a letter or digit");
    }
    problems.addAll(mode.validate());
    problems.addAll(taskTemplate.validate());
    problems.addAll(endpointSpec.validate());
    problems.addAll(updateConfig.validate("--update"));
    problems.addAll(rollbackConfig.validate("--rollback"));
    return problems;
  }

  public ServiceSpec withReplicas(long replicas) {
    return new ServiceSpec(name, labels, taskTemplate, ServiceMode.replicated(replicas), endpointSpec, updateConfig,
        rollbackConfig);
  }

  public ServiceSpec withTaskTemplate(TaskSpec template) {
    return new ServiceSpec(name, labels, template, mode, endpointSpec, updateConfig, rollbackConfig);
  }

  public ServiceSpec withEndpointSpec(EndpointSpec endpoint) {
    return new ServiceSpec(name, labels, taskTemplate, mode, endpoint, updateConfig, rollbackConfig);
  }

  public ServiceSpec withUpdateConfigs(UpdateConfig update, UpdateConfig rollback) {
    return new ServiceSpec(name, labels, taskTemplate, mode, endpointSpec, update, rollback);
  }
}
