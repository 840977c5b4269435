package dev.serverlesskms.core.audit;

import java.time.Instant;

/**
 * Formats an audit record's {@code eventTime} (ISO-8601 UTC to the second, as CloudTrail writes it)
 * without formatting it anew for every record: the text of the last second formatted is kept, and
 * every record of the same second reuses it. Formatting an {@link Instant} costs a few objects and
 * a calendar computation; at hundreds of records per second nearly all of them share a second.
 */
final class EventTimes {
  /**
   * The last second formatted, with its quoted text; replaced whole, so readers never see a mix.
   */
  private record Formatted(long epochSecond, String quoted) {}

  private static volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

  private EventTimes() {}

  /** Appends {@code time}, truncated to the second, as a quoted JSON string. */
  static void appendQuotedSecond(StringBuilder out, Instant time) {
    long second = time.getEpochSecond();
    Formatted formatted = last;
    if (formatted.epochSecond() != second) {
      formatted = new Formatted(second, '"' + Instant.ofEpochSecond(second).toString() + '"');
      last = formatted;
    }
    out.append(formatted.quoted());
  }
}
