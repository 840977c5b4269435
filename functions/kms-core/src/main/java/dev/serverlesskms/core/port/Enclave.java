package dev.serverlesskms.core.port;

import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.WrappedKey;

/**
 * The HSM boundary. Key material is generated inside and never leaves: callers only ever hold
 * {@link WrappedKey}s, encrypted under the enclave's root key and bound to the (key id, version) they
 * were generated for. A wrapped key presented with any other {@link KeyVersionRef} fails to unwrap.
 *
 * <p>Sealed payloads ({@link #seal}) are the enclave's own bytes: {@code nonce(16) || ciphertext ||
 * tag(16)}, AES-256-GCM under a per-message key derived from the version key and the nonce with
 * HKDF-SHA256. See docs/ciphertext-format.md.
 */
public interface Enclave {

  /** Generates new key material for a key version. */
  NewKeyVersion generateKeyVersion(KeyVersionRef ref);

  /**
   * Encrypts under a key version.
   *
   * @param aad additional authenticated data (the ciphertext header and the canonical encryption
   *     context)
   * @return {@code nonce || ciphertext || tag}
   * @throws KeyMaterialUnavailableException if the wrapped key does not unwrap for {@code ref}
   */
  byte[] seal(KeyVersionRef ref, WrappedKey key, byte[] plaintext, byte[] aad);

  /**
   * Decrypts what {@link #seal} produced.
   *
   * @throws EnclaveAuthenticationException if the payload or the aad were altered (or are not from
   *     this key version)
   * @throws KeyMaterialUnavailableException if the wrapped key does not unwrap for {@code ref}
   */
  byte[] open(KeyVersionRef ref, WrappedKey key, byte[] sealed, byte[] aad);

  /**
   * Generates a data key and returns it in the clear and sealed under the key version (with
   * {@code aad}), in one call so the plaintext is never generated outside the enclave.
   *
   * @param lengthBytes 1..1024
   */
  DataKey generateDataKey(KeyVersionRef ref, WrappedKey key, int lengthBytes, byte[] aad);

  /** Cryptographically secure random bytes (GenerateRandom), 1..1024. */
  byte[] generateRandom(int lengthBytes);

  /**
   * A new key version's material.
   *
   * @param material the material, wrapped and bound to its ref
   * @param materialId the public KeyMaterialId (64 hex characters) of this material
   */
  record NewKeyVersion(WrappedKey material, String materialId) {}

  /**
   * A data key. {@code plaintext} goes to the caller and nowhere else; {@code toString} never shows it.
   */
  record DataKey(byte[] plaintext, byte[] sealed) {
    @Override
    public String toString() {
      return "DataKey[" + plaintext.length + " bytes, sealed " + sealed.length + " bytes]";
    }
  }
}
