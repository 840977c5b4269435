package dev.serverlesskms.core.model;

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
 */
public final class EncryptionContext {
  private static final int MAX_FIELD_BYTES = 0xFFFF;
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
    if (pairs.size() > MAX_FIELD_BYTES) {
      throw Validation.error(
          "Value at '" + member + "' failed to satisfy constraint: too many entries");
    }
    TreeMap<byte[], byte[]> sorted = new TreeMap<>(Arrays::compareUnsigned);
    for (Map.Entry<String, String> e : pairs.entrySet()) {
      sorted.put(encode(e.getKey(), member), encode(e.getValue(), member));
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
      if (bytes.length > MAX_FIELD_BYTES) {
        throw Validation.error(
            "Value at '"
                + member
                + "' failed to satisfy constraint: an entry is longer than 65535 bytes");
      }
      return bytes;
    } catch (CharacterCodingException e) {
      throw Validation.error(
          "Value at '"
              + member
              + "' failed to satisfy constraint: Member must be valid UTF-8 text");
    }
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
