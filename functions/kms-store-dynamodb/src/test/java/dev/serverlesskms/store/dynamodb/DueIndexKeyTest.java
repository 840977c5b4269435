package dev.serverlesskms.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.model.KeyId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Due index sort keys order as time does, as strings (DynamoDB compares sort keys as bytes). */
class DueIndexKeyTest {
  private static final KeyId A = new KeyId("00000000-0000-0000-0000-000000000000");
  private static final KeyId Z = new KeyId("ffffffff-ffff-ffff-ffff-ffffffffffff");

  @Test
  void format_isFixedWidth_withNanoseconds() {
    assertThat(DueIndexKey.format(Instant.parse("2026-06-01T12:00:00Z")))
        .isEqualTo("2026-06-01T12:00:00.000000000Z");
    assertThat(DueIndexKey.format(Instant.parse("2026-06-01T12:00:00.5Z")))
        .isEqualTo("2026-06-01T12:00:00.500000000Z");
    assertThat(DueIndexKey.of(Instant.parse("2026-06-01T12:00:00.000000001Z"), A))
        .isEqualTo("2026-06-01T12:00:00.000000001Z#" + A.value());
  }

  @Test
  void stringOrder_isTimeOrder_thenKeyIdOrder() {
    Instant base = Instant.parse("2026-06-01T12:00:00Z");
    List<String> inTimeOrder =
        List.of(
            DueIndexKey.of(base.minusSeconds(86_400 * 400L), Z),
            DueIndexKey.of(base, A),
            DueIndexKey.of(base, Z),
            DueIndexKey.of(base.plusNanos(1), A),
            DueIndexKey.of(base.plusMillis(500), A),
            DueIndexKey.of(base.plusSeconds(1), A),
            DueIndexKey.of(Instant.parse("2100-01-01T00:00:00Z"), A));
    List<String> shuffled = new ArrayList<>(inTimeOrder);
    Collections.shuffle(shuffled);

    Collections.sort(shuffled);

    assertThat(shuffled).isEqualTo(inTimeOrder);
  }

  @Test
  void upperBound_includesEverythingDueAtNow_andNothingLater() {
    Instant now = Instant.parse("2026-06-01T12:00:00Z");
    String bound = DueIndexKey.upperBound(now);

    assertThat(DueIndexKey.of(now, Z)).isLessThanOrEqualTo(bound);
    assertThat(DueIndexKey.of(now.minusNanos(1), Z)).isLessThanOrEqualTo(bound);
    assertThat(DueIndexKey.of(now.plusNanos(1), A)).isGreaterThan(bound);
  }

  @Test
  void instantsBeyondFourDigitYears_areClamped_keepingTheOrder() {
    assertThat(DueIndexKey.format(Instant.MAX)).isEqualTo("9999-12-31T23:59:59.999999999Z");
    assertThat(DueIndexKey.format(Instant.MIN)).isEqualTo("0000-01-01T00:00:00.000000000Z");
    assertThat(DueIndexKey.format(Instant.MAX))
        .isGreaterThan(DueIndexKey.format(Instant.parse("9999-01-01T00:00:00Z")));
  }
}
