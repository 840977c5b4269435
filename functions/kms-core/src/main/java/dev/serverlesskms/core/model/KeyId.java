package dev.serverlesskms.core.model;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * A KMS key id, in one of AWS's two forms: a lower-case UUID for a single-Region key (e.g. {@code
 * 1234abcd-12ab-34cd-56ef-1234567890ab}), or {@code mrk-} and 32 lower-case hex digits for a
 * multi-Region key (e.g. {@code mrk-1234abcd12ab34cd56ef1234567890ab}), the same id in every region
 * that holds a copy. Both forms carry 16 bytes ({@link #toBytes()}); which form a 16-byte field
 * holds is told apart by whoever stores it (a ciphertext's format byte, a grant token's tag).
 */
public record KeyId(String value) implements Comparable<KeyId> {
  /** The prefix of a multi-Region key id. */
  public static final String MULTI_REGION_PREFIX = "mrk-";

  private static final SecureRandom RANDOM = new SecureRandom();

  public KeyId {
    Objects.requireNonNull(value, "value");
    if (!isWellFormed(value)) {
      throw new IllegalArgumentException("not a key id: " + value);
    }
  }

  public static KeyId random() {
    return new KeyId(UUID.randomUUID().toString());
  }

  /** A new multi-Region key id: {@code mrk-} and 16 random bytes in hex. */
  public static KeyId randomMultiRegion() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return fromBytes(bytes, 0, true);
  }

  /**
   * Whether {@code candidate} is a key id of either form. Checked by hand, character by character,
   * rather than by regular expression: every request parses one or more key ids, and a matcher per
   * check was a visible share of a request's work.
   */
  public static boolean isWellFormed(String candidate) {
    if (candidate == null) {
      return false;
    }
    if (candidate.length() == 36 && !candidate.startsWith(MULTI_REGION_PREFIX)) {
      // 8-4-4-4-12 lower-case hex digits
      for (int i = 0; i < 36; i++) {
        char c = candidate.charAt(i);
        boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? c != '-' : !isLowerHex(c)) {
          return false;
        }
      }
      return true;
    }
    if (candidate.length() == MULTI_REGION_PREFIX.length() + 32
        && candidate.startsWith(MULTI_REGION_PREFIX)) {
      for (int i = MULTI_REGION_PREFIX.length(); i < candidate.length(); i++) {
        if (!isLowerHex(candidate.charAt(i))) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  private static boolean isLowerHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }

  /** Whether this is a multi-Region key's id ({@code mrk-}). */
  public boolean multiRegion() {
    return value.startsWith(MULTI_REGION_PREFIX);
  }

  /**
   * The 16 bytes of the id, most significant first: the UUID's bits, or the hex digits after {@code
   * mrk-} (the form stored in ciphertext headers and grant tokens).
   */
  public byte[] toBytes() {
    if (multiRegion()) {
      return HexFormat.of().parseHex(value, MULTI_REGION_PREFIX.length(), value.length());
    }
    UUID uuid = UUID.fromString(value);
    return ByteBuffer.allocate(16)
        .putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits())
        .array();
  }

  /** The single-Region (UUID) key id of 16 bytes. */
  public static KeyId fromBytes(byte[] bytes, int offset) {
    return fromBytes(bytes, offset, false);
  }

  /**
   * The key id of 16 bytes.
   *
   * @param multiRegion whether they are a multi-Region ({@code mrk-}) id
   */
  public static KeyId fromBytes(byte[] bytes, int offset, boolean multiRegion) {
    if (multiRegion) {
      return new KeyId(MULTI_REGION_PREFIX + HexFormat.of().formatHex(bytes, offset, offset + 16));
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, 16);
    return new KeyId(new UUID(buffer.getLong(), buffer.getLong()).toString());
  }

  @Override
  public int compareTo(KeyId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
