package dev.serverlesskms.functions.snapstart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HotPathPrimerTest {
  @Test
  void everyPrimingRoundTripsThroughTheFacade() {
    assertThat(HotPathPrimer.prime(3)).isEqualTo(3);
  }
}
