package dev.serverlesskms.core.model;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A KMS key id: a lower-case UUID, as AWS issues them (e.g. {@code
 * 1234abcd-12ab-34cd-56ef-1234567890ab}).
 */
public record KeyId(String value) implements Comparable<KeyId> {
  private static final Pattern UUID_FORM =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  public KeyId {
    Objects.requireNonNull(value, "value");
    if (!UUID_FORM.matcher(value).matches()) {
      throw new IllegalArgumentException("not a key id: " + value);
    }
  }

  public static KeyId random() {
    return new KeyId(UUID.randomUUID().toString());
  }

  public static boolean isWellFormed(String candidate) {
    return candidate != null && UUID_FORM.matcher(candidate).matches();
  }

  /** The 16 bytes of the UUID, most significant first (the form stored in ciphertext headers). */
  public byte[] toBytes() {
    UUID uuid = UUID.fromString(value);
    return ByteBuffer.allocate(16)
        .putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits())
        .array();
  }

  public static KeyId fromBytes(byte[] bytes, int offset) {
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
