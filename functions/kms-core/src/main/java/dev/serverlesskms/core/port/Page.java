package dev.serverlesskms.core.port;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param items the items, in the store's stable order
 * @param nextCursor where the next page starts (opaque to callers), or {@code null} on the last
 *     page
 */
public record Page<T>(List<T> items, String nextCursor) {
  public Page {
    items = List.copyOf(items);
  }

  public boolean truncated() {
    return nextCursor != null;
  }
}
