package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Supplier;

/** The Limit/Marker rules shared by the List operations. */
final class Paging {
  private Paging() {}

  static int limit(Integer requested, int defaultLimit, int max) {
    Validation.range(requested, 1, max, "limit");
    return requested == null ? defaultLimit : requested;
  }

  static String marker(String marker) {
    Validation.length(marker, 1, 1024, "marker");
    return marker;
  }

  /** Runs a store listing, turning a cursor the store did not issue into InvalidMarkerException. */
  static <T> T list(Supplier<T> listing) {
    try {
      return listing.get();
    } catch (IllegalArgumentException e) {
      throw KmsException.of(KmsErrorType.INVALID_MARKER, "The marker is not valid.");
    }
  }

  /** A marker for listings served from a list held in memory: the index of the next item. */
  static String indexMarker(String listing, int nextIndex) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((listing + ":" + nextIndex).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads an {@link #indexMarker}; {@code null} means the start.
   *
   * @throws KmsException InvalidMarkerException for a marker of another listing or out of range
   */
  static int fromIndexMarker(String listing, String marker, int size) {
    if (marker == null) {
      return 0;
    }
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
      if (decoded.startsWith(listing + ":")) {
        int index = Integer.parseInt(decoded.substring(listing.length() + 1));
        if (index > 0 && index <= size) {
          return index;
        }
      }
    } catch (IllegalArgumentException e) {
      // falls through to the error below
    }
    throw KmsException.of(KmsErrorType.INVALID_MARKER, "The marker is not valid.");
  }
}
