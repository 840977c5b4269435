package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.authz.KeyAccess;
import dev.serverlesskms.core.model.KmsKey;

/**
 * The permission a request needs on the key it resolved: {@link CryptoAccess}, or that with more of
 * the request's condition keys (GenerateDataKeyPair's {@code kms:DataKeyPairSpec}).
 */
interface AccessOnKey {
  /** The question for {@code key}, named in the request by {@code keyIdMember} (or not named). */
  KeyAccess on(KmsKey key, String keyIdMember);
}
