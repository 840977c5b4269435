package dev.serverlesskms.core.policy;

import dev.serverlesskms.core.error.KmsException;

/**
 * A parsed IAM policy document (a key policy or an identity policy): its statements and how they
 * answer an {@link AccessRequest}. Immutable; parse once, evaluate many times.
 */
public final class PolicyDocument {
  private PolicyDocument() {}

  /**
   * Parses a key policy: statements must name a Principal (or NotPrincipal).
   *
   * @throws KmsException MalformedPolicyDocumentException with AWS's message for a document that is
   *     not valid JSON, exceeds 32 KB, or breaks the policy grammar
   */
  public static PolicyDocument parseKeyPolicy(String json) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /**
   * Parses an identity (IAM) policy: statements must not name a Principal.
   *
   * @throws KmsException MalformedPolicyDocumentException as for key policies
   */
  public static PolicyDocument parseIdentityPolicy(String json) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /** What this document says about the request (the strongest of its applicable statements). */
  public Decision evaluate(AccessRequest request) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
