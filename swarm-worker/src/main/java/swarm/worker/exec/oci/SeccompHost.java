package swarm.worker.exec.oci;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What of the host a seccomp profile depends on: its architecture, under Go's name (Docker's
 * profiles say {@code amd64}) and libseccomp's, the architectures a filter covers there (the
 * native one and the compatible ABIs a process could switch to), and the kernel's version.
 * Immutable.
 *
 * @param goArch {@code amd64}, {@code arm64}, ...: the name Docker profiles' {@code includes.arches} use
 * @param architectures libseccomp names, native first; empty when this host's are not known (native only)
 */
record SeccompHost(String goArch, List<String> architectures, int kernelMajor, int kernelMinor) {
  private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)");
  private static final SeccompHost CURRENT = of(System.getProperty("os.arch", ""), System.getProperty("os.version", ""));

  SeccompHost {
    architectures = List.copyOf(architectures);
  }

  static SeccompHost current() {
    return CURRENT;
  }

  /** From Java's {@code os.arch} and {@code os.version} ({@code 6.1.0-18-amd64}). */
  static SeccompHost of(String javaArch, String kernelVersion) {
    Matcher m = VERSION.matcher(kernelVersion);
    int major = m.find() ? Integer.parseInt(m.group(1)) : 0;
    int minor = major > 0 ? Integer.parseInt(m.group(2)) : 0;
    return switch (javaArch.toLowerCase(Locale.ROOT)) {
      case "amd64", "x86_64" -> new SeccompHost("amd64", List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"),
          major, minor);
      case "aarch64", "arm64" -> new SeccompHost("arm64", List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"), major, minor);
      default -> new SeccompHost(javaArch, List.of(), major, minor);
    };
  }

  /** libseccomp's name of the native architecture, or null when not known. */
  String nativeArchitecture() {
    return architectures.isEmpty() ? null : architectures.get(0);
  }

  /** True for a kernel of at least {@code major.minor}; an unknown version counts as old. */
  boolean kernelAtLeast(int major, int minor) {
    return kernelMajor > major || (kernelMajor == major && kernelMinor >= minor);
  }
}
