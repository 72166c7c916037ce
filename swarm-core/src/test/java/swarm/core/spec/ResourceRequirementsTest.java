package swarm.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResourceRequirementsTest {
  private static final long CPU = 1_000_000_000L;

  private static ResourceRequirements limitCpus(long nanoCpus) {
    return new ResourceRequirements(new Resources(nanoCpus, null, null), null);
  }

  private static ResourceRequirements reserveCpus(long nanoCpus) {
    return new ResourceRequirements(null, new Resources(nanoCpus, null, null));
  }

  @Test
  void cpusFromAThousandthToWhatOneMachineCanHaveAreAccepted() {
    for (long ok : new long[] {0, 1_000_000L, CPU / 2, 64 * CPU, 8192 * CPU}) {
      assertThat(limitCpus(ok).validate()).as("limit %d", ok).isEmpty();
      assertThat(reserveCpus(ok).validate()).as("reservation %d", ok).isEmpty();
    }
  }

  @Test
  void moreCpusThanLinuxSupportsAreRefusedNotOverflowed() {
    assertThat(limitCpus(Long.MAX_VALUE).validate()).containsExactly(
        "invalid CPU limit 9223372036.854775807 (--limit-cpu): must be from 0.001 to 8192 CPUs");
    assertThat(reserveCpus(8193 * CPU).validate()).containsExactly(
        "invalid CPU reservation 8193 (--reserve-cpu): must be from 0.001 to 8192 CPUs");
  }

  @Test
  void cpusTooSmallForAQuotaOrNegativeAreRefused() {
    assertThat(limitCpus(999_999L).validate()).containsExactly(
        "invalid CPU limit 0.000999999 (--limit-cpu): must be from 0.001 to 8192 CPUs");
    assertThat(limitCpus(-CPU).validate()).containsExactly(
        "invalid CPU limit -1 (--limit-cpu): must be from 0.001 to 8192 CPUs");
    assertThat(reserveCpus(-1).validate()).hasSize(1);
  }

  @Test
  void negativeMemoryIsRefusedPerFlag() {
    assertThat(new ResourceRequirements(null, new Resources(null, -1L, null)).validate()).containsExactly(
        "invalid memory reservation (--reserve-memory): must not be negative");
    assertThat(new ResourceRequirements(new Resources(null, Long.MAX_VALUE, null), null).validate()).isEmpty();
  }
}
