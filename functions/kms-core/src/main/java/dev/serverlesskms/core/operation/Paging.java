package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
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
}
