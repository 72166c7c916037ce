package swarm.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import swarm.core.log.CommandBatch;
import swarm.core.log.StoreCommand;
import swarm.core.object.Cluster;
import swarm.core.object.Service;
import swarm.core.object.Version;
import swarm.core.spec.ContainerSpec;
import swarm.core.spec.Resources;
import swarm.core.spec.ResourceRequirements;
import swarm.core.spec.RestartPolicy;
import swarm.core.spec.ServiceMode;
import swarm.core.spec.ServiceSpec;
import swarm.core.spec.TaskSpec;

class JsonTest {
  private static ServiceSpec spec() {
    return new ServiceSpec("web", Map.of("a", "b"), new TaskSpec(
        new ContainerSpec("busybox:1@sha256:abc", List.of(), List.of("sleep", "1"), List.of("K=V"), null, null, null,
            null, null),
        new ResourceRequirements(new Resources(500_000_000L, 64L << 20, 0L), null),
        new RestartPolicy(RestartPolicy.Condition.ON_FAILURE, null, 3L, null), null), ServiceMode.replicated(3));
  }

  @Test
  void serviceSpecUsesDockerFieldNamesAndRoundTrips() {
    String json = Json.toString(spec());
    assertThat(json).contains("\"Name\":\"web\"", "\"TaskTemplate\"", "\"ContainerSpec\"", "\"NanoCPUs\":500000000",
        "\"MemoryBytes\":67108864", "\"Condition\":\"on-failure\"", "\"Mode\":{\"Replicated\":{\"Replicas\":3}}");
    assertThat(json).doesNotContain("\"Global\"");
    assertThat(Json.read(json, ServiceSpec.class)).isEqualTo(spec());
  }

  @Test
  void dockerDefaultsAreFilledWhenFieldsAreMissing() {
    ServiceSpec s = Json.read("{\"Name\":\"x\",\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"i\"}}}", ServiceSpec.class);
    assertThat(s.mode().replicated().replicas()).isEqualTo(1);
    assertThat(s.taskTemplate().restartPolicy().condition()).isEqualTo(RestartPolicy.Condition.ANY);
    assertThat(s.taskTemplate().restartPolicy().delay()).isEqualTo(5_000_000_000L);
    assertThat(s.taskTemplate().containerSpec().stopGracePeriod()).isEqualTo(10_000_000_000L);
  }

  @Test
  void commandBatchRoundTripsWithTypeIds() {
    Service svc = new Service("id1", new Version(7), Instant.parse("2026-01-01T00:00:00Z"), null, spec(), null);
    CommandBatch batch = CommandBatch.of(new StoreCommand.CreateService(svc), new StoreCommand.RemoveTask("t1"));
    String json = Json.toString(batch);
    assertThat(json).contains("\"Type\":\"service.create\"", "\"Type\":\"task.remove\"");
    assertThat(Json.read(json, CommandBatch.class)).isEqualTo(batch);
  }

  @Test
  void clusterWrittenBeforeItHadSettingsAndRemovedNodesReadsWithDefaults() {
    Cluster old = Json.read("{\"ID\":\"c1\",\"Version\":{\"Index\":3},\"Spec\":{\"Name\":\"default\"}}",
        Cluster.class);
    assertThat(old.removedNodes()).isEmpty();
    assertThat(old.spec().dispatcher().heartbeatPeriod()).isEqualTo(5_000_000_000L);
    assertThat(old.spec().caConfig().nodeCertExpiry()).isEqualTo(90L * 24 * 3600 * 1_000_000_000L);

    Cluster next = old.withRemovedNode("n2", Instant.EPOCH).withRemovedNode("n1", Instant.EPOCH)
        .withRemovedNode("n2", Instant.EPOCH);
    String json = Json.toString(next);
    assertThat(json).contains("\"RemovedNodes\":[\"n1\",\"n2\"]", "\"Dispatcher\":{\"HeartbeatPeriod\":",
        "\"CAConfig\":{\"NodeCertExpiry\":");
    assertThat(Json.read(json, Cluster.class)).isEqualTo(next);
  }
}
