package swarm.worker.exec.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What the OCI runtime says about one container ({@code runc state} / {@code runc list}). Immutable. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RuntimeState(String id, long pid, String status, String bundle) {
  public boolean running() {
    return "running".equals(status) || "paused".equals(status);
  }
}
