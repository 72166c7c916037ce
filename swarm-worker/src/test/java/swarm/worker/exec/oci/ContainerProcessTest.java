package swarm.worker.exec.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.error.SwarmException;
import swarm.core.spec.ContainerSpec;
import swarm.worker.image.ImageConfig;

class ContainerProcessTest {
  private static final ImageConfig NGINX = new ImageConfig(List.of("PATH=/opt/bin", "NGINX_VERSION=1.25"),
      List.of("/docker-entrypoint.sh"), List.of("nginx", "-g", "daemon off;"), "/srv", "www");

  private static ContainerSpec spec(List<String> command, List<String> args, List<String> env) {
    return new ContainerSpec("nginx", command, args, env, null, null, null, null, null);
  }

  @Test
  void imageDefaultsRunWhenTheServiceSetsNothing() {
    ContainerProcess p = ContainerProcess.of(spec(null, null, null), NGINX, "web1");
    assertThat(p.args()).containsExactly("/docker-entrypoint.sh", "nginx", "-g", "daemon off;");
    assertThat(p.cwd()).isEqualTo("/srv");
    assertThat(p.user()).isEqualTo("www");
  }

  @Test
  void argsReplaceTheImageCmdButKeepItsEntrypoint() {
    ContainerProcess p = ContainerProcess.of(spec(null, List.of("nginx", "-T"), null), NGINX, "web1");
    assertThat(p.args()).containsExactly("/docker-entrypoint.sh", "nginx", "-T");
  }

  @Test
  void commandReplacesTheEntrypointAndDropsTheImageCmd() {
    ContainerProcess p = ContainerProcess.of(spec(List.of("sh", "-c"), null, null), NGINX, "web1");
    assertThat(p.args()).containsExactly("sh", "-c");
    p = ContainerProcess.of(spec(List.of("sh", "-c"), List.of("echo hi"), null), NGINX, "web1");
    assertThat(p.args()).containsExactly("sh", "-c", "echo hi");
  }

  @Test
  void serviceEnvOverridesImageEnvWhichOverridesDefaults() {
    ContainerProcess p = ContainerProcess.of(spec(null, null, List.of("NGINX_VERSION=2", "EXTRA=x")), NGINX, "web1");
    assertThat(p.env()).containsExactly("PATH=/opt/bin", "HOSTNAME=web1", "NGINX_VERSION=2", "EXTRA=x");
  }

  @Test
  void pathDefaultsWhenTheImageHasNone() {
    ImageConfig bare = new ImageConfig(null, null, List.of("sh"), null, null);
    ContainerProcess p = ContainerProcess.of(spec(null, null, null), bare, "h");
    assertThat(p.env()).startsWith(ImageConfig.DEFAULT_PATH);
    assertThat(p.cwd()).isEqualTo("/");
    assertThat(p.withDefaultEnv("HOME", "/root").env()).contains("HOME=/root");
  }

  @Test
  void noCommandAnywhereIsAnError() {
    assertThatThrownBy(() -> ContainerProcess.of(spec(null, null, null), new ImageConfig(null, null, null, null, null), "h"))
        .isInstanceOf(SwarmException.class).hasMessageContaining("no command specified");
  }
}
