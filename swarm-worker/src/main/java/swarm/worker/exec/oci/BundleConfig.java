package swarm.worker.exec.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import swarm.core.spec.Privileges;
import swarm.core.spec.Resources;

/**
 * Builds the OCI runtime spec ({@code config.json}) of a container the way Docker does for a
 * default {@code docker run}: its namespaces, mounts, capabilities, seccomp filter
 * ({@link SeccompProfile}), masked paths and cgroup limits. Stateless and thread-safe.
 */
public final class BundleConfig {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** CFS period Docker uses; the quota is the share of it the CPU limit allows. */
  public static final long CPU_PERIOD = 100_000;

  static final List<String> CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
      "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
      "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");
  static final List<String> MASKED = List.of("/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys",
      "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
      "/sys/firmware", "/sys/devices/virtual/powercap");
  static final List<String> READONLY = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
      "/proc/sysrq-trigger");

  /**
   * Everything about a container that its config.json depends on.
   *
   * @param seccomp the service's seccomp setting; null for Docker's default
   * @param resolvConfFile bind-mounted over {@code /etc/resolv.conf} (tasks on overlay networks: the embedded DNS
   *     server); null to leave the image's
   */
  public record Inputs(String containerId, ContainerProcess process, ContainerUser user, String hostname,
                       Resources limits, String netnsPath, String hostsFile, String hostnameFile,
                       Privileges.Seccomp seccomp, String resolvConfFile) {
    /** With the image's own resolv.conf. */
    public Inputs(String containerId, ContainerProcess process, ContainerUser user, String hostname, Resources limits,
                  String netnsPath, String hostsFile, String hostnameFile, Privileges.Seccomp seccomp) {
      this(containerId, process, user, hostname, limits, netnsPath, hostsFile, hostnameFile, seccomp, null);
    }

    /** With Docker's default seccomp profile. */
    public Inputs(String containerId, ContainerProcess process, ContainerUser user, String hostname, Resources limits,
                  String netnsPath, String hostsFile, String hostnameFile) {
      this(containerId, process, user, hostname, limits, netnsPath, hostsFile, hostnameFile, null);
    }
  }

  private BundleConfig() {}

  /** The cgroup a container's processes live in; the same path under every v1 controller. */
  public static String cgroupsPath(String containerId) {
    return "/swarm/" + containerId;
  }

  /** CFS quota for a CPU limit in billionths of a CPU: {@code 1.5} CPUs → 150000 of 100000. */
  public static long cpuQuota(long nanoCpus) {
    return nanoCpus * CPU_PERIOD / 1_000_000_000L;
  }

  public static ObjectNode build(Inputs in) {
    ObjectNode c = JSON.createObjectNode();
    c.put("ociVersion", "1.0.2");
    ObjectNode root = c.putObject("root");
    root.put("path", "rootfs");
    root.put("readonly", false);
    c.put("hostname", in.hostname());
    c.set("process", process(in));
    c.set("mounts", mounts(in));
    c.set("linux", linux(in));
    return c;
  }

  public static byte[] json(Inputs in) {
    try {
      return JSON.writeValueAsBytes(build(in));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot encode config.json", e);
    }
  }

  private static ObjectNode process(Inputs in) {
    ObjectNode p = JSON.createObjectNode();
    p.put("terminal", false);
    ObjectNode user = p.putObject("user");
    user.put("uid", in.user().uid());
    user.put("gid", in.user().gid());
    strings(p.putArray("args"), in.process().args());
    strings(p.putArray("env"), in.process().withDefaultEnv("HOME", in.user().home()).env());
    p.put("cwd", in.process().cwd());
    ObjectNode caps = p.putObject("capabilities");
    for (String set : List.of("bounding", "effective", "permitted")) {
      strings(caps.putArray(set), CAPABILITIES);
    }
    // No rlimits: the container inherits the daemon's, as Docker's containers inherit containerd's.
    // A fixed RLIMIT_NOFILE would fail to start on hosts whose fs.nr_open is lower.
    p.put("noNewPrivileges", false);
    return p;
  }

  private static ArrayNode mounts(Inputs in) {
    ArrayNode m = JSON.createArrayNode();
    mount(m, "/proc", "proc", "proc", "nosuid", "noexec", "nodev");
    mount(m, "/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k");
    mount(m, "/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5");
    mount(m, "/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro");
    mount(m, "/sys/fs/cgroup", "cgroup", "cgroup", "ro", "nosuid", "noexec", "nodev");
    mount(m, "/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev");
    mount(m, "/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=67108864");
    if (in.hostsFile() != null) {
      mount(m, "/etc/hosts", "bind", in.hostsFile(), "rbind", "rprivate");
    }
    if (in.hostnameFile() != null) {
      mount(m, "/etc/hostname", "bind", in.hostnameFile(), "rbind", "rprivate");
    }
    if (in.resolvConfFile() != null) {
      mount(m, "/etc/resolv.conf", "bind", in.resolvConfFile(), "rbind", "rprivate");
    }
    return m;
  }

  private static void mount(ArrayNode mounts, String dest, String type, String source, String... options) {
    ObjectNode m = mounts.addObject();
    m.put("destination", dest);
    m.put("type", type);
    m.put("source", source);
    strings(m.putArray("options"), List.of(options));
  }

  private static ObjectNode linux(Inputs in) {
    ObjectNode l = JSON.createObjectNode();
    ArrayNode ns = l.putArray("namespaces");
    for (String type : List.of("pid", "mount", "ipc", "uts")) {
      ns.addObject().put("type", type);
    }
    ObjectNode net = ns.addObject().put("type", "network");
    if (in.netnsPath() != null) {
      net.put("path", in.netnsPath());
    }
    l.put("cgroupsPath", cgroupsPath(in.containerId()));
    ObjectNode r = l.putObject("resources");
    r.putArray("devices").addObject().put("allow", false).put("access", "rwm");
    Resources lim = in.limits();
    if (lim.memoryBytes() > 0) {
      r.putObject("memory").put("limit", lim.memoryBytes());
    }
    if (lim.nanoCpus() > 0) {
      r.putObject("cpu").put("quota", cpuQuota(lim.nanoCpus())).put("period", CPU_PERIOD);
    }
    if (lim.pids() > 0) {
      r.putObject("pids").put("limit", lim.pids());
    }
    SeccompProfile.of(in.seccomp(), CAPABILITIES, SeccompHost.current()).ifPresent(s -> l.set("seccomp", s));
    strings(l.putArray("maskedPaths"), MASKED);
    strings(l.putArray("readonlyPaths"), READONLY);
    return l;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
