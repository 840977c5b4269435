package dev.serverlesskms.functions.wire;

import java.io.ByteArrayOutputStream;

/**
 * Collects a streamed request body in memory up to a limit. Past the limit it drops what it has and
 * only counts what still arrives, so a client that sends gigabytes costs bandwidth, never memory;
 * the {@link WireDispatcher} then refuses the request with its audit record.
 */
public final class BodyCollector {
  private final int limit;
  private ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private long length;

  /**
   * @param limit the most bytes kept; a body of {@code limit} bytes is kept whole
   */
  public BodyCollector(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit " + limit);
    }
    this.limit = limit;
  }

  public void append(byte[] chunk) {
    length += chunk.length;
    if (kept == null) {
      return;
    }
    if (length > limit) {
      kept = null;
      return;
    }
    kept.write(chunk, 0, chunk.length);
  }

  /** The body received so far, whole or dropped. */
  public WireBody body() {
    return kept == null ? WireBody.dropped(length) : WireBody.of(kept.toByteArray());
  }
}
