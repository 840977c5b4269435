package dev.serverlesskms.enclave;

import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.WrappedKey;
import dev.serverlesskms.core.port.KeyMaterialUnavailableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The stored form of a key version's material, and what it is bound to. Two versions of the format,
 * both frozen (docs/ciphertext-format.md):
 *
 * <pre>
 * v1, SYMMETRIC_DEFAULT (32 bytes of AES key):
 * wrapped = 0x01 || RootKey.wrap(material, aad1)
 * aad1    = "serverless-kms/key-version/v1" (ASCII) || keyId (16 bytes, UUID order)
 *           || version (u32 big-endian) || rootKey.id() (ASCII)
 *
 * v2, every other spec (a PKCS#8 private key, or a raw HMAC key):
 * wrapped = 0x02 || RootKey.wrap(material, aad2)
 * aad2    = "serverless-kms/key-version/v2" (ASCII) || keyId (16) || version (u32 big-endian)
 *           || spec name length (u8) || spec name (ASCII, the wire name) || rootKey.id() (ASCII)
 * </pre>
 *
 * Because the key id and version are authenticated, a wrapped blob copied to another key or version
 * in the key store (by a bug or an attacker with table access) does not unwrap, instead of silently
 * becoming that key's material. Binding the root key id makes a blob from another root key fail the
 * same way, with an error that names the root key expected. Version 2 binds the key spec too, so
 * that material of one spec presented as another (an RSA key as an ECC one, an HMAC key as an AES
 * key) does not unwrap either; symmetric versions keep version 1, so every stored blob keeps
 * working.
 */
final class WrappedKeyFormat {
  private static final byte FORMAT_V1 = 0x01;
  private static final byte FORMAT_V2 = 0x02;
  private static final byte[] AAD_LABEL_V1 =
      "serverless-kms/key-version/v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] AAD_LABEL_V2 =
      "serverless-kms/key-version/v2".getBytes(StandardCharsets.US_ASCII);

  private WrappedKeyFormat() {}

  /** Wraps a symmetric version (format v1). */
  static WrappedKey wrap(RootKey rootKey, KeyVersionRef ref, KeyMaterial material) {
    return wrap(rootKey, ref, KeySpec.SYMMETRIC_DEFAULT, material);
  }

  /** Wraps a version of {@code spec}: v1 for SYMMETRIC_DEFAULT, v2 for the others. */
  static WrappedKey wrap(RootKey rootKey, KeyVersionRef ref, KeySpec spec, KeyMaterial material) {
    byte format = formatOf(spec);
    byte[] wrapped = rootKey.wrap(material.bytes(), aad(format, ref, spec, rootKey.id()));
    byte[] out = new byte[1 + wrapped.length];
    out[0] = format;
    System.arraycopy(wrapped, 0, out, 1, wrapped.length);
    return new WrappedKey(out);
  }

  /**
   * Unwraps a symmetric version.
   *
   * @return the material (the caller closes it)
   * @throws KeyMaterialUnavailableException if {@code wrapped} is not a version-1 blob that unwraps
   *     under {@code rootKey} for {@code ref} into a 32-byte key
   */
  static KeyMaterial unwrap(RootKey rootKey, KeyVersionRef ref, byte[] wrapped) {
    return unwrap(rootKey, ref, KeySpec.SYMMETRIC_DEFAULT, wrapped);
  }

  /**
   * Unwraps a version of {@code spec}.
   *
   * @return the material (the caller closes it)
   * @throws KeyMaterialUnavailableException if {@code wrapped} is not a blob of the format of
   *     {@code spec} that unwraps under {@code rootKey} for {@code ref} and {@code spec} (and, for
   *     SYMMETRIC_DEFAULT, into a 32-byte key)
   */
  static KeyMaterial unwrap(RootKey rootKey, KeyVersionRef ref, KeySpec spec, byte[] wrapped) {
    byte format = formatOf(spec);
    if (wrapped.length < 2 || wrapped[0] != format) {
      throw unavailable(rootKey, ref, spec);
    }
    byte[] material;
    try {
      byte[] rootWrapped = Arrays.copyOfRange(wrapped, 1, wrapped.length);
      material = rootKey.unwrap(rootWrapped, aad(format, ref, spec, rootKey.id()));
    } catch (RootKeyUnwrapException e) {
      throw unavailable(rootKey, ref, spec);
    }
    if (format == FORMAT_V1 && material.length != AesGcm.KEY_BYTES) {
      Arrays.fill(material, (byte) 0);
      throw unavailable(rootKey, ref, spec);
    }
    return KeyMaterial.takeOwnership(material);
  }

  private static byte formatOf(KeySpec spec) {
    return spec == KeySpec.SYMMETRIC_DEFAULT ? FORMAT_V1 : FORMAT_V2;
  }

  private static byte[] aad(byte format, KeyVersionRef ref, KeySpec spec, String rootKeyId) {
    byte[] rootId = rootKeyId.getBytes(StandardCharsets.US_ASCII);
    if (format == FORMAT_V1) {
      return ByteBuffer.allocate(AAD_LABEL_V1.length + 16 + Integer.BYTES + rootId.length)
          .put(AAD_LABEL_V1)
          .put(ref.keyId().toBytes())
          .putInt(ref.version())
          .put(rootId)
          .array();
    }
    byte[] specName = spec.toString().getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(
            AAD_LABEL_V2.length + 16 + Integer.BYTES + 1 + specName.length + rootId.length)
        .put(AAD_LABEL_V2)
        .put(ref.keyId().toBytes())
        .putInt(ref.version())
        .put((byte) specName.length)
        .put(specName)
        .put(rootId)
        .array();
  }

  private static KeyMaterialUnavailableException unavailable(
      RootKey rootKey, KeyVersionRef ref, KeySpec spec) {
    return new KeyMaterialUnavailableException(
        "key "
            + ref.keyId()
            + " version "
            + ref.version()
            + " does not unwrap as "
            + spec
            + " under root key "
            + rootKey.id()
            + " (altered, moved from another key, version or spec, or wrapped by another root key)");
  }
}
