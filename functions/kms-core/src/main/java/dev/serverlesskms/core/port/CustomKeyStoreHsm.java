package dev.serverlesskms.core.port;

import dev.serverlesskms.core.model.CustomKeyStore;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.SealedPassword;
import dev.serverlesskms.core.model.WrappedKey;
import java.util.Optional;

/**
 * The tokens behind custom key stores (PKCS#11: SoftHSM2 in tests, CloudHSM's library in AWS). Keys
 * of a custom key store are generated inside its token as non-extractable, sensitive AES-256 token
 * objects and used there; nothing here ever holds their bytes.
 *
 * <p>A key version of such a key stores, as its {@link WrappedKey}, a reference to its token object
 * (not key material), which {@link #generateKey} hands out bound to the version: one presented for
 * another version is refused ({@link KeyMaterialUnavailableException}).
 *
 * <p>Sessions are per process: the crypto methods log the process in to the store's token on first
 * use (with the store's sealed password), so every instance of the KMS works with a store whose
 * stored state is CONNECTED; kms-core checks that state before calling them. Payloads sealed here
 * are {@code iv(12) || ciphertext || tag(16)}, AES-256-GCM inside the token with the caller's aad.
 */
public interface CustomKeyStoreHsm {

  /** The declared cluster with this id. */
  Optional<HsmCluster> cluster(String clusterId);

  /**
   * Seals a store's password for storage, bound to the store's id, so that the key store never
   * holds it in the clear. The password is the token's user PIN (CloudHSM: the kmsuser's).
   */
  SealedPassword sealPassword(String customKeyStoreId, String password);

  /**
   * Logs this process in to the store's token with its password (a fresh session, even if one was
   * open), as ConnectCustomKeyStore does.
   *
   * @throws HsmConnectionException why it could not
   */
  void connect(CustomKeyStore store);

  /** Logs this process out of the store's token and forgets its session; nothing if none. */
  void disconnect(CustomKeyStore store);

  /**
   * Generates the key of a key version inside the store's token (AES-256, non-extractable,
   * sensitive, a token object).
   *
   * @throws KeyMaterialUnavailableException if the token cannot be used
   */
  Enclave.NewKeyVersion generateKey(CustomKeyStore store, KeyVersionRef ref);

  /**
   * Encrypts under a version's token key.
   *
   * @throws KeyMaterialUnavailableException if the token or the object cannot be used
   */
  byte[] seal(
      CustomKeyStore store, KeyVersionRef ref, WrappedKey tokenKey, byte[] plaintext, byte[] aad);

  /**
   * Decrypts what {@link #seal} produced.
   *
   * @throws EnclaveAuthenticationException if the payload or aad were altered
   * @throws KeyMaterialUnavailableException if the token or the object cannot be used
   */
  byte[] open(
      CustomKeyStore store, KeyVersionRef ref, WrappedKey tokenKey, byte[] sealed, byte[] aad);

  /** A data key, in the clear and sealed under the version's token key with {@code aad}. */
  Enclave.DataKey generateDataKey(
      CustomKeyStore store, KeyVersionRef ref, WrappedKey tokenKey, int lengthBytes, byte[] aad);

  /** Random bytes from the store's token (GenerateRandom with CustomKeyStoreId). */
  byte[] generateRandom(CustomKeyStore store, int lengthBytes);

  /**
   * Destroys a version's token object, when its key is deleted.
   *
   * @throws KeyMaterialUnavailableException if the token cannot be used
   */
  void destroyKey(CustomKeyStore store, KeyVersionRef ref, WrappedKey tokenKey);

  /** No cluster declared: every custom key store's cluster is unknown. */
  static CustomKeyStoreHsm none() {
    return NoClusters.INSTANCE;
  }
}
