package dev.serverlesskms.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcFilesTest {
  @Test
  void cpuTicksAreUtimePlusStimeEvenWhenTheCommandHoldsSpacesAndParentheses() {
    // proc(5) fields 14 (utime) = 250 and 15 (stime) = 31.
    String stat =
        "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 31 0 0 20 0 40 0 123 4567 890";
    assertThat(ProcFiles.cpuTicks(stat)).isEqualTo(281);
  }

  @Test
  void statusSizesAreReadInKibAndAbsentOnesAreMinusOne() {
    String status = "Name:\tjava\nVmHWM:\t  160212 kB\nVmRSS:\t  151000 kB\nThreads:\t40\n";
    assertThat(ProcFiles.statusKib(status, "VmRSS")).isEqualTo(151000);
    assertThat(ProcFiles.statusKib(status, "VmHWM")).isEqualTo(160212);
    assertThat(ProcFiles.statusKib("Name:\tzombie\nState:\tZ\n", "VmRSS")).isEqualTo(-1);
    assertThatThrownBy(() -> ProcFiles.statusKib("VmRSS:\t12 MB\n", "VmRSS"))
        .hasMessageContaining("unit");
  }

  @Test
  void childrenAreSpaceSeparatedPids() {
    assertThat(ProcFiles.children("4243 4250 \n")).containsExactly(4243L, 4250L);
    assertThat(ProcFiles.children("")).isEmpty();
  }
}
