package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.CustomKeyStore;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.Origin;
import dev.serverlesskms.core.port.KmsEnvironment;

/**
 * CreateKey's rules for keys in a custom key store (CustomKeyStoreId, Origin AWS_CLOUDHSM): only
 * symmetric encryption keys, only in a CONNECTED store. The key's material is generated in the
 * store's token by {@code CustomKeyStoreHsm#generateKey}.
 */
final class CustomKeyStoreKeys {
  private CustomKeyStoreKeys() {}

  /**
   * The request-only rules, checked before authorization. Messages inferred: AWS's texts for these
   * are not published.
   */
  static void validate(String customKeyStoreId, KeySpec keySpec, KeyUsage keyUsage, Origin origin) {
    if (customKeyStoreId == null) {
      if (origin == Origin.AWS_CLOUDHSM) {
        throw Validation.plain("CustomKeyStoreId is required when Origin is AWS_CLOUDHSM.");
      }
      return;
    }
    Validation.length(customKeyStoreId, 1, 64, "customKeyStoreId");
    if (origin != Origin.AWS_CLOUDHSM) {
      throw Validation.plain("Origin must be AWS_CLOUDHSM when CustomKeyStoreId is specified.");
    }
    if (keySpec != KeySpec.SYMMETRIC_DEFAULT || keyUsage != KeyUsage.ENCRYPT_DECRYPT) {
      throw KmsException.of(
          KmsErrorType.UNSUPPORTED_OPERATION,
          "A custom key store holds only symmetric encryption keys (SYMMETRIC_DEFAULT,"
              + " ENCRYPT_DECRYPT).");
    }
  }

  /** The store a new key goes to, once authorized: it exists and is CONNECTED. */
  static CustomKeyStore storeFor(KmsEnvironment env, String customKeyStoreId) {
    CustomKeyStore store =
        new CustomKeyStores(env.store()).require(customKeyStoreId, "customKeyStoreId");
    store.requireConnected("CreateKey");
    return store;
  }
}
