package swarm.worker.exec.oci;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RuntimeMessageTest {
  @Test
  void keepsTheInnermostRuncMessage() {
    String said = "time=\"2026-11-26T13:10:19Z\" level=error msg=\"runc run failed: unable to start container process: "
        + "exec: \\\"/nonexistent\\\": stat /nonexistent: no such file or directory\"\n";
    assertThat(OciRuntime.runtimeMessage(said)).isEqualTo("exec: \"/nonexistent\": stat /nonexistent: no such file or directory");
  }

  @Test
  void keepsUnstructuredTextAsItIs() {
    assertThat(OciRuntime.runtimeMessage("  something broke \n")).isEqualTo("something broke");
  }
}
