package dev.serverlesskms.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.testkit.KeyFixtures;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class DueIndexTest {

  @Test
  void entries_sortAsTheirDueInstants_acrossTheEpochAndNanoseconds() {
    List<Instant> instants =
        List.of(
            Instant.MIN,
            Instant.parse("1969-12-31T23:59:59.999999999Z"),
            Instant.EPOCH,
            Instant.parse("1970-01-01T00:00:00.000000001Z"),
            Instant.parse("2026-06-01T12:00:00Z"),
            Instant.parse("2026-06-01T12:00:00.5Z"),
            Instant.parse("2026-06-01T12:00:01Z"),
            Instant.MAX);

    List<String> entries =
        instants.stream().map(t -> DueIndex.entry(KeyFixtures.keyRotatingAt(t))).toList();

    assertThat(entries).isSortedAccordingTo(Comparator.naturalOrder());
  }

  @Test
  void end_separatesEntriesDueAtOrBeforeNowFromLaterOnes() {
    Instant now = Instant.parse("2026-06-01T12:00:00Z");

    String end = DueIndex.end(now);

    assertThat(DueIndex.entry(KeyFixtures.keyRotatingAt(now.minusNanos(1)))).isLessThan(end);
    assertThat(DueIndex.entry(KeyFixtures.keyRotatingAt(now))).isLessThan(end);
    assertThat(DueIndex.entry(KeyFixtures.keyRotatingAt(now.plusNanos(1)))).isGreaterThan(end);
  }

  @Test
  void entry_keyWithNothingDue_isNull() {
    KmsKey notDue = KeyFixtures.enabledKey().build();

    assertThat(DueIndex.entry(notDue)).isNull();
  }
}
