package dev.serverlesskms.functions.wire;

/**
 * A request body as a transport received it, read no further than a limit: the bytes when they fit
 * in it, else only how many arrived (the bytes were dropped as they came, so an oversized body
 * never sits in memory).
 *
 * @param bytes the body, or {@code null} when it was larger than the reader kept
 * @param length how many bytes the body had
 */
public record WireBody(byte[] bytes, long length) {
  public static final WireBody EMPTY = new WireBody(new byte[0], 0);

  public WireBody {
    if (length < 0 || (bytes != null && bytes.length != length)) {
      throw new IllegalArgumentException("a body of " + length + " bytes");
    }
  }

  public static WireBody of(byte[] bytes) {
    return bytes == null ? EMPTY : new WireBody(bytes, bytes.length);
  }

  /** A body of {@code length} bytes that was not kept. */
  public static WireBody dropped(long length) {
    return new WireBody(null, length);
  }

  public boolean isDropped() {
    return bytes == null;
  }
}
