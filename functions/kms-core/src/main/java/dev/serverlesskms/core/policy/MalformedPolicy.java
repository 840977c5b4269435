package dev.serverlesskms.core.policy;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;

/**
 * The errors of a policy that breaks the grammar, with AWS's messages. Where a message is seen in
 * AWS answers it is marked "AWS"; where AWS's text for the case is not known, the message follows
 * the IAM text for the nearest case and is marked "inferred". A message quotes at most a short
 * excerpt of the document: policies are the caller's text, not ours to echo.
 */
final class MalformedPolicy {
  /** The longest excerpt of a policy a message quotes. */
  static final int EXCERPT = 64;

  /** The key policy size quota: 32 KiB (KMS API reference, PutKeyPolicy "Policy"). */
  static final int MAX_KEY_POLICY_BYTES = 32 * 1024;

  private MalformedPolicy() {}

  /** AWS (IAM's answer to a document it cannot read). */
  static KmsException syntax() {
    return malformed("Syntax errors in policy.");
  }

  /** AWS (KMS: a principal that is not an account, user, role, session, service or "*"). */
  static KmsException invalidPrincipals() {
    return malformed("Policy contains a statement with one or more invalid principals.");
  }

  /** AWS (KMS: a key policy statement without Principal or NotPrincipal). */
  static KmsException noPrincipal() {
    return malformed("Policy contains a statement with no principal");
  }

  /** AWS (IAM: Principal in an identity policy). */
  static KmsException principalInIdentityPolicy() {
    return malformed("Policy document should not specify a principal.");
  }

  /** AWS (IAM; KMS too rejects a statement without Action/NotAction since August 2025). */
  static KmsException noActions() {
    return malformed("Policy statement must contain actions.");
  }

  /** AWS (IAM; KMS too rejects a statement without Resource/NotResource since August 2025). */
  static KmsException noResources() {
    return malformed("Policy statement must contain resources.");
  }

  /** AWS (IAM: an action without a service prefix). */
  static KmsException actionWithoutVendor() {
    return malformed("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
  }

  /** AWS (IAM: an action with two colons). */
  static KmsException actionWithColons() {
    return malformed("Actions/Condition can contain only one colon.");
  }

  /** AWS (IAM: a Resource of an identity policy that is neither an ARN nor "*"). */
  static KmsException resourceNotArn(String resource) {
    return malformed("Resource " + excerpt(resource) + " must be in ARN format or \"*\".");
  }

  /** Inferred (IAM's form for an element that may appear once in a statement). */
  static KmsException conflicting(String element, String other) {
    return malformed("Policy statement must not contain both " + element + " and " + other + ".");
  }

  /** Inferred. */
  static KmsException invalidEffect(String effect) {
    return malformed("Invalid effect: " + excerpt(effect));
  }

  /** Inferred. */
  static KmsException missingEffect() {
    return malformed("Policy statement must contain an effect.");
  }

  /** Inferred. */
  static KmsException missingStatement() {
    return malformed("Policy document must contain a statement.");
  }

  /** Inferred. */
  static KmsException invalidVersion(String version) {
    return malformed("Invalid policy version: " + excerpt(version));
  }

  /** Inferred. */
  static KmsException unknownElement(String element) {
    return malformed("Policy contains an unknown element: " + excerpt(element));
  }

  /** Inferred. */
  static KmsException unknownConditionOperator(String operator) {
    return malformed("Invalid Condition type: " + excerpt(operator));
  }

  /** Inferred. */
  static KmsException invalidConditionValue(String operator, String key) {
    return malformed(
        "Invalid value for condition " + excerpt(operator) + " on key " + excerpt(key) + ".");
  }

  /**
   * AWS (KMS Developer Guide, "kms:EncryptionContext:context-key": the error KMS returns for a
   * policy with {@code ForAllValues} over {@code kms:EncryptionContext:*}).
   */
  static KmsException overlyPermissiveEncryptionContext() {
    return malformed(
        "OverlyPermissiveCondition:EncryptionContext: Using the ForAllValues set operator with a"
            + " single-valued condition key matches requests without the specified encryption"
            + " context or with an unspecified encryption context. To fix, remove ForAllValues.");
  }

  /**
   * Inferred from the encryption context form (the KMS Developer Guide names the same check for
   * {@code aws:RequestTag/tag-key} and gives the text with "[encryption context or tag]").
   */
  static KmsException overlyPermissiveRequestTag() {
    return malformed(
        "OverlyPermissiveCondition:RequestTag: Using the ForAllValues set operator with a"
            + " single-valued condition key matches requests without the specified tag or with an"
            + " unspecified tag. To fix, remove ForAllValues.");
  }

  /** Inferred (IAM requires unique statement ids within a policy). */
  static KmsException duplicateSid(String sid) {
    return malformed("Statement IDs (SID) in a single policy must be unique: " + excerpt(sid));
  }

  /** Inferred (KMS answers LimitExceededException for an oversize key policy; text unknown). */
  static KmsException tooLarge() {
    return KmsException.of(
        KmsErrorType.LIMIT_EXCEEDED,
        "The key policy exceeds the maximum size of " + MAX_KEY_POLICY_BYTES + " bytes.");
  }

  private static KmsException malformed(String message) {
    return KmsException.of(KmsErrorType.MALFORMED_POLICY_DOCUMENT, message);
  }

  /** At most {@link #EXCERPT} characters of a caller's text, control characters replaced. */
  static String excerpt(String text) {
    String cut = text.length() > EXCERPT ? text.substring(0, EXCERPT) + "..." : text;
    StringBuilder out = new StringBuilder(cut.length());
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return out.toString();
  }
}
