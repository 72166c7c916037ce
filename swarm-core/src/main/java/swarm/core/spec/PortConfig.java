package swarm.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import swarm.core.json.WireNames;

/**
 * Docker's {@code PortConfig}: one published port of a service. {@code targetPort} is the port inside the
 * container; {@code publishedPort} the port on the host ({@link PublishMode#HOST}: on the node that runs the task)
 * or on every node ({@link PublishMode#INGRESS}, the routing mesh). Defaults: protocol tcp, mode ingress.
 */
public record PortConfig(String name, Protocol protocol, Integer targetPort, Integer publishedPort,
                         PublishMode publishMode) {
  public PortConfig {
    protocol = protocol == null ? Protocol.TCP : protocol;
    publishMode = publishMode == null ? PublishMode.INGRESS : publishMode;
    publishedPort = publishedPort == null ? 0 : publishedPort;
  }

  /** A host-mode port: {@code published} on the task's node forwards to {@code target} in its container. */
  public static PortConfig host(int published, int target, Protocol protocol) {
    return new PortConfig(null, protocol, target, published, PublishMode.HOST);
  }

  public boolean isIngressMode() {
    return publishMode == PublishMode.INGRESS;
  }

  public boolean isHostMode() {
    return publishMode == PublishMode.HOST;
  }

  /** As docker prints it: {@code *:8080->80/tcp}. */
  public String display() {
    return "*:" + publishedPort + "->" + targetPort + "/" + protocol.wire();
  }

  /** Every problem with this port, each naming {@code --publish} and what is allowed. */
  List<String> validate() {
    List<String> problems = new ArrayList<>();
    if (targetPort == null || targetPort < 1 || targetPort > 65535) {
      problems.add("invalid target port " + (targetPort == null ? "(missing)" : targetPort)
          + " (--publish target=): must be 1-65535");
    }
    if (publishedPort < 0 || publishedPort > 65535) {
      problems.add("invalid published port " + publishedPort + " (--publish published=): must be 1-65535");
    }
    if (publishMode == PublishMode.HOST && publishedPort == 0) {
      problems.add("a host-mode port needs published=PORT (--publish mode=host,published=P,target=T): "
          + "a random host port is not supported yet");
    }
    if (protocol == Protocol.SCTP) {
      problems.add("protocol sctp (--publish protocol=) is not supported yet: use tcp or udp");
    }
    return problems;
  }

  /** Transport protocol of a published port. */
  public enum Protocol {
    TCP, UDP, SCTP;

    @JsonValue
    public String wire() {
      return WireNames.of(this);
    }

    @JsonCreator
    public static Protocol parse(String text) {
      return WireNames.parse(Protocol.class, text, "protocol");
    }
  }

  /** Where a port is published: on every node through the routing mesh, or on the task's own node. */
  public enum PublishMode {
    INGRESS, HOST;

    @JsonValue
    public String wire() {
      return WireNames.of(this);
    }

    @JsonCreator
    public static PublishMode parse(String text) {
      return WireNames.parse(PublishMode.class, text, "publish mode");
    }
  }
}
