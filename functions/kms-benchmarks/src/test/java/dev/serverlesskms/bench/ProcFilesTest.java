package dev.serverlesskms.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
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

  @Test
  void aThreadsNameIsTheCommandWithoutItsParentheses() {
    String stat = "4250 (C2 CompilerThre) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 31 0 0";
    assertThat(ProcFiles.command(stat)).isEqualTo("C2 CompilerThre");
    assertThat(ThreadKind.of(ProcFiles.command(stat))).isEqualTo(ThreadKind.JIT);
  }

  @Test
  void threadKindsFromHotSpotsAndVertxsNames() {
    assertThat(ThreadKind.of("vert.x-eventloo")).isEqualTo(ThreadKind.EVENT_LOOP);
    assertThat(ThreadKind.of("C1 CompilerThre")).isEqualTo(ThreadKind.JIT);
    assertThat(ThreadKind.of("VM Thread")).isEqualTo(ThreadKind.GC_AND_VM);
    assertThat(ThreadKind.of("GC Thread#0")).isEqualTo(ThreadKind.GC_AND_VM);
    assertThat(ThreadKind.of("VM Periodic Tas")).isEqualTo(ThreadKind.OTHER);
    assertThat(ThreadKind.of("executor-thread")).isEqualTo(ThreadKind.OTHER);
    assertThat(ThreadKind.of("local-kms")).isEqualTo(ThreadKind.OTHER);
  }

  /**
   * Each thread's own difference, a new thread's whole time (also under an ended thread's id), and
   * what an ended thread took with it left to "other", so that the kinds add up to the process's
   * total.
   */
  @Test
  void cpuByKindAddsUpToTheProcessTotal() {
    ServerCpu.Snapshot before =
        new ServerCpu.Snapshot(
            1_000,
            Map.of(
                "1", new ServerCpu.ThreadTime(ThreadKind.EVENT_LOOP, 400),
                "2", new ServerCpu.ThreadTime(ThreadKind.JIT, 300),
                "3", new ServerCpu.ThreadTime(ThreadKind.JIT, 100),
                "5", new ServerCpu.ThreadTime(ThreadKind.OTHER, 500)));
    ServerCpu.Snapshot after =
        new ServerCpu.Snapshot(
            2_000,
            Map.of(
                "1", new ServerCpu.ThreadTime(ThreadKind.EVENT_LOOP, 1_000),
                "2", new ServerCpu.ThreadTime(ThreadKind.JIT, 450),
                "4", new ServerCpu.ThreadTime(ThreadKind.GC_AND_VM, 50),
                "5", new ServerCpu.ThreadTime(ThreadKind.JIT, 20))); // id 5 ended and was reused

    Map<ThreadKind, Long> used = ServerCpu.byKind(before, after);

    assertThat(used)
        .containsEntry(ThreadKind.EVENT_LOOP, 600L)
        .containsEntry(ThreadKind.JIT, 170L)
        .containsEntry(ThreadKind.GC_AND_VM, 50L)
        .containsEntry(ThreadKind.OTHER, 180L); // threads 3 and the first 5 ended: 1,000 - 820
    assertThat(used.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1_000);
  }
}
