package dev.serverlesskms.core.policy;

import java.util.List;
import java.util.Locale;

/**
 * A parsed IAM policy document (a key policy or an identity policy): its statements and how they
 * answer an {@link AccessRequest}. Immutable; parse once, evaluate many times: parsing compiles
 * every pattern, number, date and address range, so that evaluation does no JSON and no regular
 * expression work.
 */
public final class PolicyDocument {
  private final Statement[] statements;

  PolicyDocument(List<Statement> statements) {
    // Deny statements first: an explicit deny ends the evaluation as soon as it is found.
    this.statements =
        statements.stream()
            .sorted((a, b) -> Boolean.compare(b.isDeny(), a.isDeny()))
            .toArray(Statement[]::new);
  }

  /**
   * Parses a key policy: statements must name a Principal (or NotPrincipal).
   *
   * @throws dev.serverlesskms.core.error.KmsException MalformedPolicyDocumentException with AWS's
   *     message for a document that is not valid JSON or breaks the policy grammar;
   *     LimitExceededException for one over 32 KiB
   */
  public static PolicyDocument parseKeyPolicy(String json) {
    return PolicyParser.parse(json, PolicyParser.Kind.KEY_POLICY);
  }

  /**
   * Parses an identity (IAM) policy: statements must not name a Principal.
   *
   * @throws dev.serverlesskms.core.error.KmsException MalformedPolicyDocumentException as for key
   *     policies
   */
  public static PolicyDocument parseIdentityPolicy(String json) {
    return PolicyParser.parse(json, PolicyParser.Kind.IDENTITY_POLICY);
  }

  /** What this document says about the request (the strongest of its applicable statements). */
  public Decision evaluate(AccessRequest request) {
    String action = request.action().toLowerCase(Locale.ROOT);
    Decision decision = Decision.NOT_ALLOWED;
    for (Statement statement : statements) {
      decision = decision.and(statement.evaluate(request, action));
      if (decision == Decision.EXPLICIT_DENY
          || (decision == Decision.ALLOW && !statement.isDeny())) {
        return decision; // past the denies, nothing beats an ALLOW
      }
    }
    return decision;
  }
}
