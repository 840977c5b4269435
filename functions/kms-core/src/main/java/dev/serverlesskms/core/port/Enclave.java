package dev.serverlesskms.core.port;

import dev.serverlesskms.core.model.DataKeyPairSpec;
import dev.serverlesskms.core.model.EncryptionAlgorithm;
import dev.serverlesskms.core.model.KeyAgreementAlgorithm;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.MacAlgorithm;
import dev.serverlesskms.core.model.MessageType;
import dev.serverlesskms.core.model.SigningAlgorithm;
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

  // --- Asymmetric and HMAC keys (issue 11).
  //
  // Every method takes the key's spec next to its wrapped material: the enclave binds the spec into
  // the wrapping, so material presented with another spec does not unwrap
  // (KeyMaterialUnavailableException), like material presented for another version. Rules on
  // requests (which algorithms a spec allows, message and digest lengths, plaintext limits) are the
  // caller's (kms-core); the enclave checks only what it needs to be safe and throws
  // IllegalArgumentException for what the caller should have refused (an algorithm of another
  // spec, a DIGEST of the wrong length, SM2). An enclave may refuse a whole key family with
  // IllegalStateException if that family's self-test failed.

  /**
   * New material of any spec the KMS offers: SYMMETRIC_DEFAULT as {@link
   * #generateKeyVersion(KeyVersionRef)}; RSA, ECC, Ed25519 and ML-DSA a private key; HMAC a random
   * key of the spec's digest length.
   */
  NewKeyVersion generateKeyVersion(KeyVersionRef ref, KeySpec spec);

  /** The public key of an asymmetric version: X.509 SubjectPublicKeyInfo, DER. */
  byte[] publicKey(KeyVersionRef ref, KeySpec spec, WrappedKey key);

  /**
   * Signs a message (RAW), a digest of it (DIGEST: signed as given, never hashed again; RSA PKCS#1
   * v1.5 wraps it in its DigestInfo) or an ML-DSA external mu (EXTERNAL_MU).
   *
   * @return the signature as AWS returns it: DER for ECDSA, raw bytes for RSA, Ed25519 and ML-DSA
   */
  byte[] sign(
      KeyVersionRef ref,
      KeySpec spec,
      WrappedKey key,
      SigningAlgorithm algorithm,
      MessageType messageType,
      byte[] message);

  /** Whether {@code signature} is a valid signature of {@code message} by this version. */
  boolean verify(
      KeyVersionRef ref,
      KeySpec spec,
      WrappedKey key,
      SigningAlgorithm algorithm,
      MessageType messageType,
      byte[] message,
      byte[] signature);

  /** RSAES-OAEP encryption under an RSA version's public key (MGF1 with the same digest). */
  byte[] encryptAsymmetric(
      KeyVersionRef ref,
      KeySpec spec,
      WrappedKey key,
      EncryptionAlgorithm algorithm,
      byte[] plaintext);

  /**
   * RSAES-OAEP decryption with an RSA version's private key.
   *
   * @throws EnclaveAuthenticationException if the ciphertext does not decrypt (wrong key, wrong
   *     algorithm or altered)
   */
  byte[] decryptAsymmetric(
      KeyVersionRef ref,
      KeySpec spec,
      WrappedKey key,
      EncryptionAlgorithm algorithm,
      byte[] ciphertext);

  /** HMAC (RFC 2104) of {@code message} under an HMAC version. */
  byte[] generateMac(
      KeyVersionRef ref, KeySpec spec, WrappedKey key, MacAlgorithm algorithm, byte[] message);

  /** Whether {@code mac} is the HMAC of {@code message}, compared in constant time. */
  boolean verifyMac(
      KeyVersionRef ref,
      KeySpec spec,
      WrappedKey key,
      MacAlgorithm algorithm,
      byte[] message,
      byte[] mac);

  /**
   * ECDH between a KEY_AGREEMENT version's private key and a peer's public key on the same curve.
   *
   * @param peerPublicKey X.509 SubjectPublicKeyInfo, DER
   * @return the raw shared secret (the x coordinate), as AWS's DeriveSharedSecret returns it
   * @throws InvalidPeerPublicKeyException if the peer key does not parse, is on another curve or is
   *     not a valid point
   */
  byte[] deriveSharedSecret(
      KeyVersionRef ref,
      KeySpec spec,
      WrappedKey key,
      KeyAgreementAlgorithm algorithm,
      byte[] peerPublicKey);

  /**
   * GenerateDataKeyPair: a fresh key pair of {@code pairSpec}, its private key (PKCS#8 DER) sealed
   * under a symmetric key version like {@link #seal} does with {@code aad}, in one call so the
   * private key is never made outside the enclave.
   */
  DataKeyPair generateDataKeyPair(
      KeyVersionRef ref, WrappedKey key, DataKeyPairSpec pairSpec, byte[] aad);

  /**
   * Import of material for any spec that may be imported: 32 raw bytes for SYMMETRIC_DEFAULT, a
   * PKCS#8 DER private key for RSA and ECC specs, a raw key for HMAC specs (AWS's lengths), each
   * checked to be of {@code spec}; otherwise as {@link #importKeyMaterial(KeyVersionRef, byte[],
   * byte[], Instant)}. A private key is stored in a canonical PKCS#8 encoding, so the same key
   * imported in another encoding has the same material id.
   *
   * @throws ImportedMaterialException UNWRAP_FAILED if the material does not unwrap, WRONG_LENGTH
   *     if symmetric material is not 32 bytes, WRONG_SPEC if asymmetric or HMAC material is not of
   *     {@code spec} (not PKCS#8, another key type, size or curve, an inconsistent key, an HMAC key
   *     of a length AWS refuses)
   */
  NewKeyVersion importKeyMaterial(
      KeyVersionRef ref,
      KeySpec spec,
      byte[] importToken,
      byte[] encryptedKeyMaterial,
      Instant now);

  /**
   * Seeding (the seed file, issue 14): material the operator gives in the clear at start, checked
   * as {@link #importKeyMaterial(KeyVersionRef, KeySpec, byte[], byte[], Instant)} checks imported
   * material of {@code spec} and wrapped for {@code ref} like generated material, without the RSA
   * import wrapping (the material is already inside the KMS's process). Its material id is the one
   * an import of the same material gets (key id and material only), so a caller tells whether a
   * stored version holds this material by comparing ids, without unwrapping anything.
   *
   * @throws ImportedMaterialException WRONG_LENGTH if symmetric material is not 32 bytes,
   *     WRONG_SPEC if asymmetric or HMAC material is not of {@code spec}
   */
  NewKeyVersion wrapKeyMaterial(KeyVersionRef ref, KeySpec spec, byte[] material);

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
   * A data key pair. {@code privateKey} (PKCS#8 DER) goes to the caller and nowhere else; {@code
   * toString} never shows it.
   *
   * @param publicKey X.509 SubjectPublicKeyInfo, DER
   * @param sealedPrivateKey the private key sealed like {@link #seal}'s output
   */
  record DataKeyPair(byte[] privateKey, byte[] publicKey, byte[] sealedPrivateKey) {
    @Override
    public String toString() {
      return "DataKeyPair[public "
          + publicKey.length
          + " bytes, sealed private "
          + sealedPrivateKey.length
          + " bytes]";
    }
  }

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
