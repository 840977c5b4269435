package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.authz.KeyAccess;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.policy.ConditionContext;
import java.util.List;
import java.util.Map;

/**
 * The key of a cryptographic request that is not a symmetric encryption (GenerateMac, VerifyMac,
 * DeriveSharedSecret), checked in AWS's order: resolved (aliases too), authorized with the
 * request's condition keys and {@code kms:RequestAlias} (a grant for the operation allows it too),
 * of the usage the operation needs, and in a state that allows use.
 */
final class KeyUse {
  private final KeyResolver resolver;

  KeyUse(KeyResolver resolver) {
    this.resolver = resolver;
  }

  /**
   * @param conditions the request's own condition keys ({@code kms:MacAlgorithm}, ...)
   */
  KmsKey key(
      String keyIdMember,
      String operation,
      KeyUsage usage,
      ConditionContext conditions,
      List<String> grantTokens,
      OperationContext context) {
    KmsKey key = resolver.resolve(keyIdMember, "keyId", context);
    context.touched(key);
    context.authorize(
        KeyAccess.grantable(
            operation,
            key,
            conditions.with(RequestAlias.conditions(keyIdMember)),
            Map.of(),
            grantTokens));
    if (key.keyUsage() != usage) {
      throw wrongUsage(key, operation);
    }
    key.requireUsableForCryptography();
    return key;
  }

  /** AWS's answer for a key whose usage is not the operation's (AWS-validated text). */
  static KmsException wrongUsage(KmsKey key, String operation) {
    return KmsException.of(
        KmsErrorType.INVALID_KEY_USAGE,
        key.arn()
            + " key usage is "
            + key.keyUsage()
            + " which is not valid for "
            + operation
            + ".");
  }

  /** AWS's answer for an algorithm the key's spec does not take (AWS-validated text). */
  static KmsException incompatibleAlgorithm(Object algorithm, KeySpec spec) {
    return KmsException.of(
        KmsErrorType.INVALID_KEY_USAGE,
        "Algorithm " + algorithm + " is incompatible with key spec " + spec + ".");
  }
}
