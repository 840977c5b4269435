package dev.serverlesskms.functions.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BodyCollectorTest {
  @Test
  void bodyWithinTheLimit_isKeptWhole_acrossChunks() {
    BodyCollector collector = new BodyCollector(6);
    collector.append(new byte[] {1, 2});
    collector.append(new byte[] {3, 4, 5, 6});

    WireBody body = collector.body();

    assertThat(body.isDropped()).isFalse();
    assertThat(body.bytes()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(body.length()).isEqualTo(6);
  }

  @Test
  void bodyPastTheLimit_isDropped_andOnlyCounted() {
    BodyCollector collector = new BodyCollector(6);
    collector.append(new byte[5]);
    collector.append(new byte[2]);
    collector.append(new byte[1000]);

    WireBody body = collector.body();

    assertThat(body.isDropped()).isTrue();
    assertThat(body.bytes()).isNull();
    assertThat(body.length()).isEqualTo(1007);
  }

  @Test
  void noChunks_isAnEmptyBody() {
    WireBody body = new BodyCollector(0).body();

    assertThat(body.isDropped()).isFalse();
    assertThat(body.bytes()).isEmpty();
    assertThat(body.length()).isZero();
  }
}
