package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.authz.KeyAccess;
import dev.serverlesskms.core.model.EncryptionAlgorithm;
import dev.serverlesskms.core.model.EncryptionContext;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.policy.ConditionContext;
import java.util.List;
import java.util.Map;

/**
 * The permission a cryptographic request needs on its key: {@code kms:<grantOperation>} (Encrypt,
 * Decrypt, GenerateDataKey..., ReEncryptFrom, ReEncryptTo), which a grant for that operation allows
 * too, with the request's condition keys: {@code kms:EncryptionContext:<key>}, {@code
 * kms:EncryptionContextKeys}, {@code kms:EncryptionAlgorithm} and {@code kms:RequestAlias}.
 *
 * @param grantOperation the IAM action after {@code kms:}, and the grant operation
 * @param encryptionContext the encryption context the request uses with this key
 * @param grantTokens the request's GrantTokens
 */
record CryptoAccess(
    String grantOperation, EncryptionContext encryptionContext, List<String> grantTokens)
    implements AccessOnKey {

  /** The question for {@code key}, named in the request by {@code keyIdMember} (or not named). */
  @Override
  public KeyAccess on(KmsKey key, String keyIdMember) {
    return on(key, keyIdMember, EncryptionAlgorithm.SYMMETRIC_DEFAULT);
  }

  /**
   * The question for {@code key} with the request's encryption algorithm (an RSA key's RSAES_*).
   */
  KeyAccess on(KmsKey key, String keyIdMember, EncryptionAlgorithm algorithm) {
    Map<String, String> pairs = encryptionContext.asMap();
    ConditionContext.Builder conditions =
        ConditionContext.builder().put("kms:EncryptionAlgorithm", algorithm.toString());
    pairs.forEach((name, value) -> conditions.put("kms:EncryptionContext:" + name, value));
    if (!pairs.isEmpty()) {
      conditions.put("kms:EncryptionContextKeys", List.copyOf(pairs.keySet()));
    }
    String alias = RequestAlias.of(keyIdMember);
    if (alias != null) {
      conditions.put("kms:RequestAlias", alias);
    }
    return KeyAccess.grantable(grantOperation, key, conditions.build(), pairs, grantTokens);
  }
}
