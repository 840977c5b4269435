package dev.serverlesskms.store.dynamodb;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Listing cursors: base64url of {@code ddb1\n<listing>\n<last sort key returned>}. Callers treat
 * them as opaque. A cursor names the listing it belongs to ({@code keys}, {@code aliases} or {@code
 * aliases:<keyId>}), so a made-up string or another listing's cursor fails with {@link
 * IllegalArgumentException} instead of silently listing from the wrong place. Cursors are not
 * signed: a forged one can only choose where a listing starts, which paging allows anyway. Resuming
 * "after the last sort key" (not at DynamoDB's LastEvaluatedKey) keeps a cursor valid when that
 * item is deleted in between.
 */
final class PageCursor {
  private static final String FORMAT = "ddb1";
  private static final char SEPARATOR = '\n';

  private PageCursor() {}

  static String encode(String listing, String lastSortKey) {
    byte[] text =
        (FORMAT + SEPARATOR + listing + SEPARATOR + lastSortKey).getBytes(StandardCharsets.UTF_8);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text);
  }

  /**
   * @return the last sort key of the previous page
   * @throws IllegalArgumentException if this is not a cursor of {@code listing}
   */
  static String decode(String listing, String cursor) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw notACursor(listing);
    }
    String prefix = FORMAT + SEPARATOR + listing + SEPARATOR;
    if (!text.startsWith(prefix) || text.length() == prefix.length()) {
      throw notACursor(listing);
    }
    return text.substring(prefix.length());
  }

  private static IllegalArgumentException notACursor(String listing) {
    return new IllegalArgumentException("not a cursor of this store's " + listing + " listing");
  }
}
