package dev.serverlesskms.functions.wire;

import java.util.Arrays;

/**
 * Collects a streamed request body in memory up to a limit. Past the limit it drops what it has and
 * only counts what still arrives, so a client that sends gigabytes costs bandwidth, never memory;
 * the {@link WireDispatcher} then refuses the request with its audit record.
 *
 * <p>Sized from the length the client announced (Content-Length), so a body that arrives as
 * announced is copied once, from the transport's buffer into the array the dispatcher reads, and
 * that array is handed on as it is. The announcement is only a hint: the first allocation is capped
 * at {@link #FIRST_ALLOCATION_CAP}, so a client that announces a large body and sends none costs no
 * more than that, and the array grows by doubling when more arrives than announced.
 */
public final class BodyCollector {
  /** The most a client's announcement alone makes this allocate. */
  static final int FIRST_ALLOCATION_CAP = 64 * 1024;

  private static final int UNANNOUNCED_FIRST_ALLOCATION = 1024;

  /** Copies a chunk held by a transport into {@code destination} at {@code offset}. */
  @FunctionalInterface
  public interface ChunkCopier {
    void copyTo(byte[] destination, int offset);
  }

  private final int limit;
  private byte[] kept;
  private int size;
  private long length;

  /**
   * @param limit the most bytes kept; a body of {@code limit} bytes is kept whole
   * @param announcedLength the body length the client announced, or a negative number for none
   */
  public BodyCollector(int limit, long announcedLength) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit " + limit);
    }
    this.limit = limit;
    int first =
        announcedLength >= 0
            ? (int) Math.min(announcedLength, Math.min(limit, FIRST_ALLOCATION_CAP))
            : Math.min(limit, UNANNOUNCED_FIRST_ALLOCATION);
    this.kept = new byte[first];
  }

  /** Appends a chunk of {@code chunkLength} bytes that {@code copier} writes where it belongs. */
  public void append(int chunkLength, ChunkCopier copier) {
    length += chunkLength;
    if (kept == null) {
      return;
    }
    if (length > limit) {
      kept = null;
      return;
    }
    if (size + chunkLength > kept.length) {
      kept =
          Arrays.copyOf(
              kept, (int) Math.min(limit, Math.max(size + chunkLength, 2L * kept.length)));
    }
    copier.copyTo(kept, size);
    size += chunkLength;
  }

  /** The body received so far, whole or dropped. */
  public WireBody body() {
    if (kept == null) {
      return WireBody.dropped(length);
    }
    return WireBody.of(size == kept.length ? kept : Arrays.copyOf(kept, size));
  }
}
