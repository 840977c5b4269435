package dev.serverlesskms.enclave;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;

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
  private final RootKeyFraming framing = new RootKeyFraming();

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
    return framing.wrap(
        (nonce, plaintext, ad) -> AesGcm.encrypt(key.bytes(), nonce, plaintext, ad), material, aad);
  }

  @Override
  public byte[] unwrap(byte[] wrapped, byte[] aad) throws RootKeyUnwrapException {
    return framing.unwrap(
        (nonce, input, offset, length, ad) -> {
          try {
            return AesGcm.decrypt(key.bytes(), nonce, input, offset, length, ad);
          } catch (AEADBadTagException e) {
            throw new RootKeyUnwrapException();
          }
        },
        wrapped,
        aad);
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
