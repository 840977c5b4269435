package dev.serverlesskms.core.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The date forms of the {@code Date*} operators, in policies and in requests: ISO 8601 ({@code
 * 2026-01-31}, {@code 2026-01-31T12:00:00Z}, with fractions or an offset; a time without a zone is
 * UTC) or seconds since the epoch ({@code 1769860800}), as IAM documents them.
 */
final class PolicyDates {
  private PolicyDates() {}

  /** The instant {@code text} names, or {@code null}. */
  static Instant parse(String text) {
    if (text.isEmpty()) {
      return null;
    }
    if (isEpochSeconds(text)) {
      try {
        return Instant.ofEpochSecond(Long.parseLong(text));
      } catch (NumberFormatException | java.time.DateTimeException e) {
        return null;
      }
    }
    try {
      if (text.endsWith("Z") && text.indexOf('T') > 0) {
        return Instant.parse(text); // aws:CurrentTime's form: the fast path
      }
    } catch (DateTimeParseException e) {
      // other ISO 8601 forms below
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      // no offset
    }
    try {
      return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // a date alone
    }
    try {
      return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static boolean isEpochSeconds(String text) {
    int start = text.charAt(0) == '-' ? 1 : 0;
    if (start == text.length()) {
      return false;
    }
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
