package dev.serverlesskms.core.model;

import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An encryption context: string pairs bound to a ciphertext as additional authenticated data.
 *
 * <p>Its canonical form, the bytes that are authenticated, is:
 *
 * <pre>
 *   u16 count || for each entry, sorted by the UTF-8 bytes of its key (unsigned):
 *                  u16 keyLength || key (UTF-8) || u16 valueLength || value (UTF-8)
 * </pre>
 *
 * Lengths are big-endian. An absent context and an empty one are the same context (count 0), as in
 * AWS KMS. Strings are encoded strictly: an unpaired surrogate is a validation error, never
 * replaced.
 *
 * <p>A context holds at most {@value #MAX_TOTAL_BYTES} bytes: the UTF-8 bytes of all its keys and
 * values together, AWS's limit. That also keeps every count and length within its u16, and bounds
 * what the audit record of a request repeats.
 */
public final class EncryptionContext {
  /** AWS's limit on a context: its keys and values together, in UTF-8 bytes. */
  public static final int MAX_TOTAL_BYTES = 8192;

  public static final EncryptionContext EMPTY =
      new EncryptionContext(new TreeMap<>(), new byte[] {0, 0});

  private final Map<String, String> pairs;
  private final byte[] canonical;

  private EncryptionContext(Map<String, String> pairs, byte[] canonical) {
    this.pairs = pairs;
    this.canonical = canonical;
  }

  /**
   * @param pairs the context as the caller sent it; {@code null} means none
   * @param member the request member name, for the validation message
   */
  public static EncryptionContext of(Map<String, String> pairs, String member) {
    if (pairs == null || pairs.isEmpty()) {
      return EMPTY;
    }
    Validation.noNullValues(pairs, member);
    // A string has at least as many UTF-8 bytes as chars: refuse a large context before encoding.
    long chars = 0;
    for (Map.Entry<String, String> e : pairs.entrySet()) {
      chars += e.getKey().length() + e.getValue().length();
    }
    if (chars > MAX_TOTAL_BYTES) {
      throw tooLarge(member);
    }
    TreeMap<byte[], byte[]> sorted = new TreeMap<>(Arrays::compareUnsigned);
    int bytes = 0;
    for (Map.Entry<String, String> e : pairs.entrySet()) {
      byte[] key = encode(e.getKey(), member);
      byte[] value = encode(e.getValue(), member);
      bytes += key.length + value.length;
      sorted.put(key, value);
    }
    if (bytes > MAX_TOTAL_BYTES) {
      throw tooLarge(member);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeU16(out, sorted.size());
    Map<String, String> ordered = new LinkedHashMap<>();
    for (Map.Entry<byte[], byte[]> e : sorted.entrySet()) {
      writeU16(out, e.getKey().length);
      out.writeBytes(e.getKey());
      writeU16(out, e.getValue().length);
      out.writeBytes(e.getValue());
      ordered.put(
          new String(e.getKey(), StandardCharsets.UTF_8),
          new String(e.getValue(), StandardCharsets.UTF_8));
    }
    return new EncryptionContext(Collections.unmodifiableMap(ordered), out.toByteArray());
  }

  /** The canonical bytes (see the class comment); a fresh copy. */
  public byte[] canonicalBytes() {
    return canonical.clone();
  }

  /** The pairs in canonical order. Not secret: AWS logs the encryption context in CloudTrail. */
  public Map<String, String> asMap() {
    return pairs;
  }

  public boolean isEmpty() {
    return pairs.isEmpty();
  }

  private static byte[] encode(String s, String member) {
    CharsetEncoder encoder =
        StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      ByteBuffer buffer = encoder.encode(CharBuffer.wrap(s));
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (CharacterCodingException e) {
      throw Validation.error(
          "Value at '"
              + member
              + "' failed to satisfy constraint: Member must be valid UTF-8 text");
    }
  }

  private static KmsException tooLarge(String member) {
    return Validation.error(
        "Value at '"
            + member
            + "' failed to satisfy constraint: Member must have a total size of keys and values"
            + " less than or equal to "
            + MAX_TOTAL_BYTES
            + " bytes");
  }

  private static void writeU16(ByteArrayOutputStream out, int value) {
    out.write((value >>> 8) & 0xFF);
    out.write(value & 0xFF);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncryptionContext other && Arrays.equals(canonical, other.canonical);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(canonical);
  }

  @Override
  public String toString() {
    return "EncryptionContext" + pairs;
  }
}
