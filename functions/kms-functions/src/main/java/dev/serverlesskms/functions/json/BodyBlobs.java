package dev.serverlesskms.functions.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectReader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;

/**
 * Blob members decoded straight from the bytes of the request body being read, when a reader is
 * given that body ({@link #readerOf}). Otherwise a blob's characters are copied twice before they
 * are decoded: into Jackson's text buffer as chars, then into bytes for the JDK's decoder. Read
 * this way, an Encrypt or Decrypt body with 4 KB of data takes 0.5-0.66x the time, and half the
 * bytes allocated ({@code WireBenchmark}, kms-benchmarks/README.md).
 *
 * <p>Only the plain case takes this path: the body is the parser's own input, read from its first
 * byte (so the token's byte offset is its index), and the value between the quotes has no escape.
 * The parser then skips the string without copying it. Anything else returns null, and {@link
 * Base64BlobDeserializer} reads the value as before, from a parser that has not moved.
 */
public final class BodyBlobs {
  private static final Object BODY = BodyBlobs.class;
  private static final Base64.Decoder STANDARD = Base64.getDecoder();
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

  private BodyBlobs() {}

  /**
   * A reader whose blob members are decoded from {@code body}; read only {@code body} with it, from
   * its first byte ({@code readValue(body)}).
   */
  public static ObjectReader readerOf(ObjectReader reader, byte[] body) {
    return reader.withAttribute(BODY, body);
  }

  /**
   * The current string token as padded standard base64, decoded from the body's bytes, or null when
   * this reader has no body, the value is not plain, or it is not such base64.
   */
  static byte[] decode(JsonParser parser, DeserializationContext context) {
    if (!(context.getAttribute(BODY) instanceof byte[] body)
        || !(parser instanceof UTF8StreamJsonParser)) {
      return null; // another source, or tokens replayed from a buffer: their offsets are not body's
    }
    long quote = parser.currentTokenLocation().getByteOffset();
    if (quote < 0 || quote >= body.length || body[(int) quote] != '"') {
      return null;
    }
    int start = (int) quote + 1;
    int end = quoteOrBackslash(body, start);
    if (end == body.length || body[end] != '"') {
      return null; // an escape (only Jackson knows the value), or unterminated (Jackson reports it)
    }
    if (((end - start) & 3) != 0) {
      return null; // unpadded: Jackson's rules
    }
    ByteBuffer decoded;
    try {
      decoded = STANDARD.decode(ByteBuffer.wrap(body, start, end - start));
    } catch (IllegalArgumentException notStandard) {
      return null; // whitespace, another alphabet, bad padding or non-ASCII: Jackson's rules
    }
    byte[] array = decoded.array();
    return decoded.arrayOffset() == 0 && decoded.remaining() == array.length
        ? array
        : Arrays.copyOfRange(
            array, decoded.arrayOffset(), decoded.arrayOffset() + decoded.remaining());
  }

  /**
   * The index of the first quote or backslash at or after {@code from}, or the array's length.
   * Eight bytes at a time: a byte-by-byte loop was half of reading an Encrypt 4 KB body.
   */
  static int quoteOrBackslash(byte[] bytes, int from) {
    int i = from;
    for (; i <= bytes.length - Long.BYTES; i += Long.BYTES) {
      long word = (long) LONGS.get(bytes, i);
      if ((hasZeroByte(word ^ QUOTES) | hasZeroByte(word ^ BACKSLASHES)) != 0) {
        break;
      }
    }
    for (; i < bytes.length; i++) {
      if (bytes[i] == '"' || bytes[i] == '\\') {
        return i;
      }
    }
    return i;
  }

  /** Non-zero when a byte of {@code word} is zero (the high bit of each such byte set). */
  private static long hasZeroByte(long word) {
    return (word - 0x0101010101010101L) & ~word & 0x8080808080808080L;
  }
}
