package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.authz.KeyAccess;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.policy.PolicyDocument;
import java.util.regex.Pattern;

/**
 * The rules a key policy a caller sends must pass, shared by CreateKey and PutKeyPolicy: AWS's
 * shape of the {@code Policy} and {@code PolicyName} members, the policy grammar, and the lockout
 * safety check.
 */
final class KeyPolicies {
  /** The name of a key's one policy; AWS knows no other. */
  static final String DEFAULT_POLICY_NAME = "default";

  /** AWS's {@code PolicyType}: 1..131072 characters of these. */
  private static final Pattern POLICY = Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");

  /** AWS's {@code PolicyNameType}: 1..128 word characters. */
  private static final Pattern POLICY_NAME = Pattern.compile("[\\w]+");

  static final String LOCKOUT =
      "The new key policy will not allow you to update the key policy in the future.";

  private KeyPolicies() {}

  /**
   * The {@code Policy} member's shape (ValidationException), then its grammar.
   *
   * @return the policy, unchanged: AWS keeps the document as it was sent
   * @throws KmsException ValidationException for the shape; MalformedPolicyDocumentException for a
   *     document that is no key policy (not JSON, too large, a statement without a principal, ...)
   */
  static String validPolicy(String policy, String member) {
    Validation.length(policy, 1, 131072, member);
    Validation.pattern(policy, POLICY, member);
    PolicyDocument.parseKeyPolicy(policy);
    return policy;
  }

  /** The {@code PolicyName} member's shape; {@code null} stands for {@code default}. */
  static String policyName(String policyName) {
    if (policyName == null) {
      return DEFAULT_POLICY_NAME;
    }
    Validation.length(policyName, 1, 128, "policyName");
    Validation.pattern(policyName, POLICY_NAME, "policyName");
    return policyName;
  }

  /**
   * A well-formed name other than {@code default} names no policy of the key.
   *
   * @throws KmsException NotFoundException, worded as moto and LocalStack word it (AWS's own
   *     wording is not on record)
   */
  static void requireDefault(String policyName) {
    if (!DEFAULT_POLICY_NAME.equals(policyName)) {
      throw KmsException.of(KmsErrorType.NOT_FOUND, "No such policy exists");
    }
  }

  /**
   * AWS's lockout safety check: unless the caller bypasses it, the key with its new policy must
   * still let the caller call PutKeyPolicy (the policy allows the caller, or allows its account and
   * the caller's identity policies allow it), so that no one locks the key's policy for good.
   *
   * @param withNewPolicy the key as it would be with the new policy
   * @throws KmsException MalformedPolicyDocumentException with AWS's message
   */
  static void requireNoLockout(
      KmsKey withNewPolicy, Boolean bypassPolicyLockoutSafetyCheck, OperationContext context) {
    if (Boolean.TRUE.equals(bypassPolicyLockoutSafetyCheck)) {
      return;
    }
    if (!context.wouldAllow(KeyAccess.of("PutKeyPolicy", withNewPolicy))) {
      throw KmsException.of(KmsErrorType.MALFORMED_POLICY_DOCUMENT, LOCKOUT);
    }
  }
}
