package swarm.core.object;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import swarm.core.spec.EndpointSpec;
import swarm.core.spec.PortConfig;
import swarm.core.spec.ServiceSpec;

/** A service as stored in the Raft log: its spec, the previous spec (for rollback) and bookkeeping. */
public record Service(@JsonProperty("ID") String id, Version version, Instant createdAt, Instant updatedAt,
                      ServiceSpec spec, ServiceSpec previousSpec) {
  public Service {
    version = version == null ? Version.NONE : version;
  }

  /** Docker's {@code Service.Endpoint}: the endpoint spec and the ports as published (derived, not stored). */
  public record Endpoint(EndpointSpec spec, List<PortConfig> ports) {}

  @JsonProperty("Endpoint")
  public Endpoint endpoint() {
    EndpointSpec e = spec == null ? EndpointSpec.NONE : spec.endpointSpec();
    return new Endpoint(e, e.ports());
  }

  public Service withVersion(Version v) {
    return new Service(id, v, createdAt, updatedAt, spec, previousSpec);
  }

  public Service withSpec(ServiceSpec newSpec, Instant now) {
    return new Service(id, version, createdAt, now, newSpec, spec);
  }
}
