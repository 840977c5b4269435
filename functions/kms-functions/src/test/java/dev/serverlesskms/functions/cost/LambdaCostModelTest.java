package dev.serverlesskms.functions.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LambdaCostModelTest {
  @Test
  void cpuShare_isLinearUpToOneVcpuAt1769Mb() {
    assertThat(LambdaCostModel.cpuShare(1769)).isEqualTo(1.0);
    assertThat(LambdaCostModel.cpuShare(3538)).isEqualTo(1.0);
    assertThat(LambdaCostModel.cpuShare(442)).isCloseTo(0.25, within(0.001));
  }

  @Test
  void aRequest_isBilledPerStartedMillisecondPlusTheRequestFee() {
    // 1 ms CPU at 1,024 MB: 1.73 ms -> 2 ms billed, 1 GB
    double cost = LambdaCostModel.X86_64.costPerRequest(1024, 1.0, 0.0);
    assertThat(cost).isCloseTo(0.002 * 0.0000166667 + 0.0000002, within(1e-12));
  }
}
