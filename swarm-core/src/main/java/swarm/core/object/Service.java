package swarm.core.object;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import swarm.core.spec.EndpointSpec;
import swarm.core.spec.PortConfig;
import swarm.core.spec.ServiceSpec;

/**
 * A service as stored in the Raft log: its spec, the previous spec (for rollback), bookkeeping, where its last
 * update stands ({@link UpdateStatus}, null before the first), and its
 * {@link Endpoint}: the ports as published (derived from the spec) and the virtual IPs the managers allocated for it
 * on its networks (stored).
 */
public record Service(@JsonProperty("ID") String id, Version version, Instant createdAt, Instant updatedAt,
                      ServiceSpec spec, ServiceSpec previousSpec, @JsonProperty("Endpoint") Endpoint endpoint,
                      UpdateStatus updateStatus) {
  public Service {
    version = version == null ? Version.NONE : version;
    endpoint = Endpoint.of(spec, endpoint == null ? null : endpoint.virtualIps());
  }

  /** A service never updated. */
  public Service(String id, Version version, Instant createdAt, Instant updatedAt, ServiceSpec spec,
                 ServiceSpec previousSpec, Endpoint endpoint) {
    this(id, version, createdAt, updatedAt, spec, previousSpec, endpoint, null);
  }

  /** A service with no virtual IP yet. */
  public Service(String id, Version version, Instant createdAt, Instant updatedAt, ServiceSpec spec,
                 ServiceSpec previousSpec) {
    this(id, version, createdAt, updatedAt, spec, previousSpec, null);
  }

  /**
   * Docker's {@code Service.Endpoint}: the endpoint spec and the ports as published (both derived from the spec,
   * whatever a reader passes), and the service's virtual IP on each of its networks ({@code VirtualIPs}, allocated by
   * the managers; none in dnsrr mode).
   */
  public record Endpoint(EndpointSpec spec, List<PortConfig> ports,
                         @JsonProperty("VirtualIPs") List<VirtualIP> virtualIps) {
    public Endpoint {
      ports = ports == null ? List.of() : List.copyOf(ports);
      virtualIps = virtualIps == null ? List.of() : List.copyOf(virtualIps);
    }

    static Endpoint of(ServiceSpec spec, List<VirtualIP> vips) {
      EndpointSpec e = spec == null ? EndpointSpec.NONE : spec.endpointSpec();
      return new Endpoint(e, e.ports(), vips);
    }
  }

  /** Docker's {@code EndpointVirtualIP}: the service's address on one network, in CIDR form ({@code 10.0.1.2/24}). */
  public record VirtualIP(@JsonProperty("NetworkID") String networkId, String addr) {
    /** The address without its prefix length. */
    public String address() {
      return addr == null ? null : addr.split("/")[0];
    }
  }

  /** The service's virtual IPs. */
  public List<VirtualIP> virtualIps() {
    return endpoint.virtualIps();
  }

  public Service withVersion(Version v) {
    return new Service(id, v, createdAt, updatedAt, spec, previousSpec, endpoint, updateStatus);
  }

  public Service withSpec(ServiceSpec newSpec, Instant now) {
    return new Service(id, version, createdAt, now, newSpec, spec, endpoint, updateStatus);
  }

  /** The service with these virtual IPs (the allocator's write). */
  public Service withVirtualIps(List<VirtualIP> vips, Instant now) {
    return new Service(id, version, createdAt, now, spec, previousSpec, new Endpoint(null, null, vips), updateStatus);
  }

  /** The service with this update status (the updater's and the control API's write). */
  public Service withUpdateStatus(UpdateStatus status) {
    return new Service(id, version, createdAt, updatedAt, spec, previousSpec, endpoint, status);
  }
}
