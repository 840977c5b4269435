package dev.serverlesskms.functions.local;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Reads SigV4's {@code X-Amz-Date} ({@code yyyyMMdd'T'HHmmss'Z'}, always UTC) by hand: the verifier
 * reads one on every request, and a {@code DateTimeFormatter} parse costs more than the rest of the
 * date checks together. Stricter than the formatter's lenient resolution: a day or time that does
 * not exist (February 30, hour 24) is not a date.
 */
final class AmzDates {
  private static final int LENGTH = 16;

  private AmzDates() {}

  /**
   * @return the epoch second the value names
   * @throws IllegalArgumentException if it is not a valid {@code X-Amz-Date}
   */
  static long parseEpochSecond(String value) {
    if (value.length() != LENGTH || value.charAt(8) != 'T' || value.charAt(15) != 'Z') {
      throw new IllegalArgumentException("not an X-Amz-Date");
    }
    try {
      return LocalDateTime.of(
              digits(value, 0, 4),
              digits(value, 4, 6),
              digits(value, 6, 8),
              digits(value, 9, 11),
              digits(value, 11, 13),
              digits(value, 13, 15))
          .toEpochSecond(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("not an X-Amz-Date", e);
    }
  }

  private static int digits(String value, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("not an X-Amz-Date");
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }
}
