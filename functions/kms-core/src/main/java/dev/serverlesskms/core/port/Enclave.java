package dev.serverlesskms.core.port;

import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.VersionMaterial;
import dev.serverlesskms.core.model.WrappedKey;
import dev.serverlesskms.core.model.WrappingAlgorithm;
import dev.serverlesskms.core.model.WrappingKeySpec;
import java.time.Instant;

/**
 * The HSM boundary. Key material is generated inside and never leaves: callers only ever hold
 * {@link WrappedKey}s, encrypted under the enclave's root key and bound to the (key id, version)
 * they were generated for. A wrapped key presented with any other {@link KeyVersionRef} fails to
 * unwrap.
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
   * Generates a data key and returns it in the clear and sealed under the key version (with {@code
   * aad}), in one call so the plaintext is never generated outside the enclave.
   *
   * @param lengthBytes 1..1024
   */
  DataKey generateDataKey(KeyVersionRef ref, WrappedKey key, int lengthBytes, byte[] aad);

  /** Cryptographically secure random bytes (GenerateRandom), 1..1024. */
  byte[] generateRandom(int lengthBytes);

  /**
   * Import (bring your own key), step 1: a fresh RSA wrapping key pair for one key. The private
   * half never leaves the enclave in the clear: it travels inside the import token, encrypted under
   * the root key and bound to {@code keyId}, the algorithm and {@code validTo}, so no state is kept
   * between GetParametersForImport and ImportKeyMaterial (they may run in different Lambdas).
   *
   * @param spec RSA_2048, RSA_3072 or RSA_4096
   * @param algorithm one of the RSAES_OAEP_* or RSA_AES_KEY_WRAP_* algorithms
   * @param validTo when the token and public key stop being accepted (AWS: 24 hours)
   */
  ImportParameters createImportParameters(
      KeyId keyId, WrappingKeySpec spec, WrappingAlgorithm algorithm, Instant validTo);

  /**
   * Import, step 2: unwraps customer key material with the token's private key, inside the enclave,
   * and wraps it for storage as {@code ref}, like {@link #generateKeyVersion}. The material id is
   * derived from the material and key id only, so importing the same material again gives the same
   * id.
   *
   * @param now the time the import happens, checked against the token's validity
   * @throws ImportTokenException the token is not from this enclave, not for {@code ref.keyId()}
   *     (INVALID) or past its validity (EXPIRED)
   * @throws ImportedMaterialException the material does not unwrap, or is not 32 bytes
   */
  NewKeyVersion importKeyMaterial(
      KeyVersionRef ref, byte[] importToken, byte[] encryptedKeyMaterial, Instant now);

  /**
   * The public half of an import wrapping key and the token that carries its private half.
   *
   * @param publicKey X.509 SubjectPublicKeyInfo, DER
   * @param importToken opaque, at most 6144 bytes
   * @param parametersValidTo when both stop being accepted
   */
  record ImportParameters(byte[] publicKey, byte[] importToken, Instant parametersValidTo) {}

  /**
   * A new key version's material.
   *
   * @param material the material, wrapped and bound to its ref
   * @param materialId the public KeyMaterialId (64 hex characters) of this material
   */
  record NewKeyVersion(WrappedKey material, String materialId) implements VersionMaterial {}

  /**
   * A data key. {@code plaintext} goes to the caller and nowhere else; {@code toString} never shows
   * it.
   */
  record DataKey(byte[] plaintext, byte[] sealed) {
    @Override
    public String toString() {
      return "DataKey[" + plaintext.length + " bytes, sealed " + sealed.length + " bytes]";
    }
  }
}
