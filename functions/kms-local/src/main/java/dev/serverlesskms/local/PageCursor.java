package dev.serverlesskms.local;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Listing cursors: base64url of {@code <listing>\n<the last map key returned>}. Callers treat them
 * as opaque. Decoding checks that a cursor was made for the listing it is used with, so a made-up
 * string or a cursor of another listing fails with {@link IllegalArgumentException} instead of
 * silently listing from the wrong place. Cursors are not signed: a forged one can only choose where
 * a listing starts, which the caller could do anyway by paging.
 */
final class PageCursor {
  private static final char SEPARATOR = '\n';

  private PageCursor() {}

  static String encode(String listing, String lastKey) {
    byte[] text = (listing + SEPARATOR + lastKey).getBytes(StandardCharsets.UTF_8);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text);
  }

  /**
   * @return the last map key of the previous page
   * @throws IllegalArgumentException if this is not a cursor of {@code listing}
   */
  static String decode(String listing, String cursor) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw notACursor(listing);
    }
    String prefix = listing + SEPARATOR;
    if (!text.startsWith(prefix) || text.length() == prefix.length()) {
      throw notACursor(listing);
    }
    return text.substring(prefix.length());
  }

  private static IllegalArgumentException notACursor(String listing) {
    return new IllegalArgumentException("not a cursor of this store's " + listing + " listing");
  }
}
