package swarm.core.object;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import swarm.core.spec.ServiceSpec;

/** A service as stored in the Raft log: its spec, the previous spec (for rollback) and bookkeeping. */
public record Service(@JsonProperty("ID") String id, Version version, Instant createdAt, Instant updatedAt,
                      ServiceSpec spec, ServiceSpec previousSpec) {
  public Service {
    version = version == null ? Version.NONE : version;
  }

  public Service withVersion(Version v) {
    return new Service(id, v, createdAt, updatedAt, spec, previousSpec);
  }

  public Service withSpec(ServiceSpec newSpec, Instant now) {
    return new Service(id, version, createdAt, now, newSpec, spec);
  }
}
