package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.CustomKeyStore;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.CustomKeyStoreHsm;
import dev.serverlesskms.core.port.KeyStore;

/**
 * Reads custom key stores for operations on keys: whether a key in a custom key store can be used
 * now (its store CONNECTED), and the store DescribeKey shows.
 */
final class CustomKeyStores {
  private final KeyStore store;
  private final CustomKeyStoreHsm hsm;

  CustomKeyStores(KeyStore store) {
    this(store, CustomKeyStoreHsm.none());
  }

  /**
   * @param hsm the tokens: a process that finds a store no longer CONNECTED logs out of its token
   *     (the disconnection was made by another process, which logged out only itself)
   */
  CustomKeyStores(KeyStore store, CustomKeyStoreHsm hsm) {
    this.store = store;
    this.hsm = hsm;
  }

  /** The store with this id (a request member). */
  CustomKeyStore require(String customKeyStoreId, String member) {
    Validation.length(customKeyStoreId, 1, 64, member);
    return store.findCustomKeyStore(customKeyStoreId).orElseThrow(() -> notFound(customKeyStoreId));
  }

  static KmsException notFound(String customKeyStoreId) {
    return KmsException.of(
        KmsErrorType.CUSTOM_KEY_STORE_NOT_FOUND,
        "Custom key store " + Validation.echo(customKeyStoreId) + " does not exist.");
  }

  /** The key's store, or {@code null} for a key in none (or whose store is gone). */
  CustomKeyStore of(KmsKey key) {
    return key.customKeyStoreId() == null
        ? null
        : store.findCustomKeyStore(key.customKeyStoreId()).orElse(null);
  }

  /**
   * The guard of cryptography with a key, in place of {@link KmsKey#requireUsableForCryptography}:
   * a key whose store is not CONNECTED is unavailable (KMSInvalidStateException), unless it is
   * pending deletion, which says so first, as DescribeKey shows it.
   *
   * @return the key's CONNECTED store, or {@code null} for a key in no custom key store
   */
  CustomKeyStore requireUsable(KmsKey key) {
    CustomKeyStore keyStore = of(key);
    if (key.customKeyStoreId() != null
        && key.state() != KeyState.PENDING_DELETION
        && (keyStore == null || !keyStore.connected())) {
      if (keyStore != null) {
        hsm.disconnect(keyStore);
      }
      throw KmsException.of(KmsErrorType.INVALID_STATE, key.arn() + " is unavailable.");
    }
    key.requireUsableForCryptography();
    return keyStore;
  }
}
