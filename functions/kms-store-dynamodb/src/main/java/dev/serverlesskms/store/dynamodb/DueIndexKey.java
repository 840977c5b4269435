package dev.serverlesskms.store.dynamodb;

import dev.serverlesskms.core.model.KeyId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Sort keys of the due index: {@code <due instant>#<keyId>}, the instant in a fixed-width UTC form
 * with nine fraction digits ({@code 2026-06-01T12:00:00.000000000Z}). Fixed width makes string
 * order (how DynamoDB compares sort keys) equal time order; {@link Instant#toString()} would not
 * do, as it drops zero fractions ({@code ...00Z} sorts after {@code ...00.5Z}). The key id suffix
 * keeps entries of keys due at the same instant apart, in key id order.
 */
final class DueIndexKey {
  private static final DateTimeFormatter FIXED_WIDTH =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /** Four-digit years keep the width fixed; due dates outside are clamped (see {@link #format}). */
  private static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");

  private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");

  /** Sorts after every key id character ({@code 0-9a-f-}). */
  private static final char AFTER_ANY_KEY_ID = '~';

  private DueIndexKey() {}

  static String of(Instant dueAt, KeyId keyId) {
    return format(dueAt) + '#' + keyId.value();
  }

  /** The greatest sort key of anything due at or before {@code now}. */
  static String upperBound(Instant now) {
    return format(now) + '#' + AFTER_ANY_KEY_ID;
  }

  /**
   * Instants before year 0 or after 9999 are clamped to those years: a key due before year 0 is due
   * anyway, and one due after 9999 is not due in any lifetime of this table.
   */
  static String format(Instant instant) {
    Instant clamped = instant.isBefore(FIRST) ? FIRST : instant.isAfter(LAST) ? LAST : instant;
    return FIXED_WIDTH.format(clamped);
  }
}
