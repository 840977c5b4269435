package dev.serverlesskms.core.ciphertext;

import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyVersionRef;

/**
 * A parsed symmetric ciphertext blob (format v1, see {@link CiphertextBlobCodec}).
 *
 * @param keyId the key that encrypted it
 * @param keyVersion the key version that encrypted it
 * @param header the header bytes exactly as they appear in the blob (part of the AAD)
 * @param sealed the enclave's sealed payload: {@code nonce || ciphertext || tag}
 */
public record CiphertextBlob(KeyId keyId, int keyVersion, byte[] header, byte[] sealed) {

  public KeyVersionRef versionRef() {
    return new KeyVersionRef(keyId, keyVersion);
  }

  @Override
  public String toString() {
    return "CiphertextBlob[key "
        + keyId
        + " v"
        + keyVersion
        + ", "
        + sealed.length
        + " sealed bytes]";
  }
}
