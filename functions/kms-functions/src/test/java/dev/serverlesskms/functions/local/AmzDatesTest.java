package dev.serverlesskms.functions.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AmzDatesTest {
  @Test
  void readsTheUtcInstantItNames() {
    assertThat(AmzDates.parseEpochSecond("20260131T235959Z"))
        .isEqualTo(Instant.parse("2026-01-31T23:59:59Z").getEpochSecond());
    assertThat(AmzDates.parseEpochSecond("20240229T000000Z"))
        .isEqualTo(Instant.parse("2024-02-29T00:00:00Z").getEpochSecond());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "20260131T235959",
        "20260131T235959z",
        "20260131 235959Z",
        "2026-01-31T23:59:59Z",
        "20261331T000000Z",
        "20260230T000000Z",
        "20260131T240000Z",
        "2026013aT000000Z",
        "+0260131T000000Z",
        "202601310T00000Z"
      })
  void refusesWhatIsNotAnAmzDate(String value) {
    assertThatIllegalArgumentException().isThrownBy(() -> AmzDates.parseEpochSecond(value));
  }
}
