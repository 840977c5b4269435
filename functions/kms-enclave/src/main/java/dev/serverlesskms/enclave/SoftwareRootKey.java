package dev.serverlesskms.enclave;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.InvalidCipherTextException;

/**
 * A root key held in process memory (the software enclave). Obtain one from {@link RootKeyFile}
 * (local mode) or {@link RootKeySecret} (Lambda); both refuse to start rather than run on a damaged
 * key.
 */
final class SoftwareRootKey implements RootKey {
  private static final byte[] ID_LABEL =
      "serverless-kms/root-key-id/v1".getBytes(StandardCharsets.US_ASCII);
  private static final int ID_BYTES = 8;

  private final KeyMaterial key;
  private final String id;
  private final SecureRandom random = new SecureRandom();

  /** Takes ownership of {@code key} (32 bytes) and wipes it on {@link #close}. */
  SoftwareRootKey(KeyMaterial key) {
    if (key.length() != AesGcm.KEY_BYTES) {
      throw new IllegalArgumentException("a root key has 32 bytes, got " + key.length());
    }
    this.key = key;
    this.id = deriveId(key.bytes());
  }

  /** 16 hex characters of HMAC-SHA256(key, label): stable, and one-way, so it reveals nothing. */
  private static String deriveId(byte[] key) {
    byte[] mac = Digests.hmacSha256(key, ID_LABEL);
    return HexFormat.of().formatHex(mac, 0, ID_BYTES);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public byte[] wrap(byte[] material, byte[] aad) {
    byte[] iv = new byte[AesGcm.IV_BYTES];
    random.nextBytes(iv);
    byte[] sealed = AesGcm.encrypt(key.bytes(), iv, material, aad);
    byte[] out = Arrays.copyOf(iv, iv.length + sealed.length);
    System.arraycopy(sealed, 0, out, iv.length, sealed.length);
    return out;
  }

  @Override
  public byte[] unwrap(byte[] wrapped, byte[] aad) throws RootKeyUnwrapException {
    if (wrapped.length < AesGcm.IV_BYTES + AesGcm.TAG_BYTES) {
      throw new RootKeyUnwrapException();
    }
    byte[] iv = Arrays.copyOf(wrapped, AesGcm.IV_BYTES);
    try {
      return AesGcm.decrypt(
          key.bytes(), iv, wrapped, AesGcm.IV_BYTES, wrapped.length - AesGcm.IV_BYTES, aad);
    } catch (InvalidCipherTextException e) {
      throw new RootKeyUnwrapException();
    }
  }

  @Override
  public void close() {
    key.close();
  }

  @Override
  public String toString() {
    return "SoftwareRootKey[" + id + "]";
  }
}
