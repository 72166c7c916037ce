package swarm.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.json.Json;

class EndpointSpecTest {
  @Test
  void hostModePortsUseDockerNamesAndRoundTrip() {
    EndpointSpec e = new EndpointSpec(null, List.of(PortConfig.host(8080, 80, PortConfig.Protocol.UDP)));
    String json = Json.toString(e);
    assertThat(json).contains("\"Mode\":\"vip\"", "\"PublishedPort\":8080", "\"TargetPort\":80",
        "\"Protocol\":\"udp\"", "\"PublishMode\":\"host\"");
    assertThat(Json.read(json, EndpointSpec.class)).isEqualTo(e);
    assertThat(e.validate()).isEmpty();
    assertThat(e.hostPorts()).hasSize(1);
  }

  @Test
  void aPortWithoutModeIsPublishedThroughTheRoutingMesh() {
    EndpointSpec e = Json.read("{\"Ports\":[{\"TargetPort\":80,\"PublishedPort\":8080}]}", EndpointSpec.class);
    assertThat(e.ports().get(0).publishMode()).isEqualTo(PortConfig.PublishMode.INGRESS);
    assertThat(e.ports().get(0).protocol()).isEqualTo(PortConfig.Protocol.TCP);
    assertThat(e.validate()).isEmpty();
    assertThat(e.ingressPorts()).hasSize(1);
    assertThat(e.hostPorts()).isEmpty();
  }

  @Test
  void ingressPortsAreRefusedInDnsrrModeWithSwarmsMessage() {
    EndpointSpec e = new EndpointSpec(EndpointSpec.Mode.DNSRR,
        List.of(new PortConfig(null, null, 80, 8080, PortConfig.PublishMode.INGRESS)));
    assertThat(e.validate()).containsExactly("port published with ingress mode can't be used with dnsrr mode");
    assertThat(new EndpointSpec(EndpointSpec.Mode.DNSRR, List.of(PortConfig.host(8080, 80, null))).validate())
        .isEmpty();
  }

  @Test
  void anIngressPortMayLeaveItsPublishedPortToTheSwarm() {
    EndpointSpec e = new EndpointSpec(null, List.of(new PortConfig(null, null, 80, null, null)));
    assertThat(e.validate()).isEmpty();
  }

  @Test
  void badPortsAreNamed() {
    EndpointSpec e = new EndpointSpec(null, List.of(
        new PortConfig(null, null, 0, 8080, PortConfig.PublishMode.HOST),
        new PortConfig(null, null, 80, 70000, PortConfig.PublishMode.HOST),
        new PortConfig(null, null, 80, null, PortConfig.PublishMode.HOST),
        PortConfig.host(9000, 80, null), PortConfig.host(9000, 81, PortConfig.Protocol.TCP),
        PortConfig.host(9000, 82, PortConfig.Protocol.UDP)));
    assertThat(e.validate()).containsExactly(
        "invalid target port 0 (--publish target=): must be 1-65535",
        "invalid published port 70000 (--publish published=): must be 1-65535",
        "a host-mode port needs published=PORT (--publish mode=host,published=P,target=T): "
            + "a random host port is not supported yet",
        "port 9000/tcp is published more than once (--publish)");
  }

  @Test
  void endpointIsPartOfTheServiceSpecAndDefaultsToNoPorts() {
    ServiceSpec s = Json.read("{\"Name\":\"x\",\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"i\"}}}", ServiceSpec.class);
    assertThat(s.endpointSpec()).isEqualTo(EndpointSpec.NONE);
    ServiceSpec published = s.withEndpointSpec(new EndpointSpec(null, List.of(PortConfig.host(80, 80, null))));
    assertThat(Json.toString(published)).contains("\"EndpointSpec\":{\"Mode\":\"vip\",\"Ports\":[");
  }
}
