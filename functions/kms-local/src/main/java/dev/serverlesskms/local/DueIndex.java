package dev.serverlesskms.local;

import dev.serverlesskms.core.model.KmsKey;
import java.time.Instant;

/**
 * Entries of the due index: {@code <due instant>|<key id>}, the instant written as fixed-width
 * digits (seconds since {@link Instant#MIN}, then nanoseconds). Plain string order of the entries
 * is then the order of (due time, key id), so the keys due at or before a moment are exactly the
 * entries from the first one up to {@link #end(Instant)}: {@code findDue} reads those and stops,
 * never touching keys that are not due.
 */
final class DueIndex {
  private static final long SECONDS_FROM_MIN = -Instant.MIN.getEpochSecond();

  private DueIndex() {}

  /** The entry for {@code key}, or {@code null} when no scheduled job has work on it. */
  static String entry(KmsKey key) {
    Instant dueAt = key.dueAt();
    return dueAt == null ? null : sortable(dueAt) + '|' + key.keyId().value();
  }

  /**
   * The boundary after every entry due at or before {@code now} and before every later one: the
   * fixed-width digits compare as the instants do, and at an equal instant '|' sorts before '~'.
   */
  static String end(Instant now) {
    return sortable(now) + '~';
  }

  private static String sortable(Instant instant) {
    return String.format(
        "%019d.%09d", instant.getEpochSecond() + SECONDS_FROM_MIN, instant.getNano());
  }
}
