package dev.serverlesskms.enclave;

import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.WrappedKey;
import dev.serverlesskms.core.port.KeyMaterialUnavailableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The stored form of a key version's material, and what it is bound to:
 *
 * <pre>
 * wrapped = 0x01 || RootKey.wrap(material, aad)          (0x01 = this format)
 * aad     = "serverless-kms/key-version/v1" (ASCII) || keyId (16 bytes, UUID order)
 *           || version (u32 big-endian) || rootKey.id() (ASCII)
 * </pre>
 *
 * Because the key id and version are authenticated, a wrapped blob copied to another key or version
 * in the key store (by a bug or an attacker with table access) does not unwrap, instead of silently
 * becoming that key's material. Binding the root key id makes a blob from another root key fail the
 * same way, with an error that names the root key expected.
 */
final class WrappedKeyFormat {
  private static final byte FORMAT_V1 = 0x01;
  private static final byte[] AAD_LABEL =
      "serverless-kms/key-version/v1".getBytes(StandardCharsets.US_ASCII);

  private WrappedKeyFormat() {}

  static WrappedKey wrap(RootKey rootKey, KeyVersionRef ref, KeyMaterial material) {
    byte[] wrapped = rootKey.wrap(material.bytes(), aad(ref, rootKey.id()));
    byte[] out = new byte[1 + wrapped.length];
    out[0] = FORMAT_V1;
    System.arraycopy(wrapped, 0, out, 1, wrapped.length);
    return new WrappedKey(out);
  }

  /**
   * @return the material (the caller closes it)
   * @throws KeyMaterialUnavailableException if {@code wrapped} is not a version-1 blob that unwraps
   *     under {@code rootKey} for {@code ref} into a 32-byte key
   */
  static KeyMaterial unwrap(RootKey rootKey, KeyVersionRef ref, byte[] wrapped) {
    if (wrapped.length < 2 || wrapped[0] != FORMAT_V1) {
      throw unavailable(rootKey, ref);
    }
    byte[] material;
    try {
      byte[] rootWrapped = Arrays.copyOfRange(wrapped, 1, wrapped.length);
      material = rootKey.unwrap(rootWrapped, aad(ref, rootKey.id()));
    } catch (RootKeyUnwrapException e) {
      throw unavailable(rootKey, ref);
    }
    if (material.length != AesGcm.KEY_BYTES) {
      Arrays.fill(material, (byte) 0);
      throw unavailable(rootKey, ref);
    }
    return KeyMaterial.takeOwnership(material);
  }

  private static byte[] aad(KeyVersionRef ref, String rootKeyId) {
    byte[] rootId = rootKeyId.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(AAD_LABEL.length + 16 + Integer.BYTES + rootId.length)
        .put(AAD_LABEL)
        .put(ref.keyId().toBytes())
        .putInt(ref.version())
        .put(rootId)
        .array();
  }

  private static KeyMaterialUnavailableException unavailable(RootKey rootKey, KeyVersionRef ref) {
    return new KeyMaterialUnavailableException(
        "key "
            + ref.keyId()
            + " version "
            + ref.version()
            + " does not unwrap under root key "
            + rootKey.id()
            + " (altered, moved from another key or version, or wrapped by another root key)");
  }
}
