package dev.serverlesskms.core.authz;

import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.policy.ConditionContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One permission a request needs on a key: the IAM action, the resource it is asked on (the key, or
 * for alias operations the alias), the request's own condition keys, and what a grant must cover.
 *
 * @param action the IAM action, {@code kms:Encrypt}
 * @param key the key whose policy decides
 * @param resourceArn the resource of the question: the key ARN, or an alias ARN
 * @param conditions the request's condition keys ({@code kms:EncryptionContext:*}, {@code
 *     kms:RequestAlias}, ...); the caller's and the key's are added by the {@link Authorizer}
 * @param grantOperation the grant operation that allows this action ({@code Encrypt}), or {@code
 *     null} when no grant can ({@code PutKeyPolicy})
 * @param encryptionContext the request's encryption context, for grant constraints
 * @param grantTokens the request's GrantTokens
 * @param requestedGrant for CreateGrant, the grant the request would create: a grant allows that
 *     only if it allows CreateGrant and {@link Grant#allowsCreating covers} the new grant; else
 *     {@code null}
 */
public record KeyAccess(
    String action,
    KmsKey key,
    String resourceArn,
    ConditionContext conditions,
    String grantOperation,
    Map<String, String> encryptionContext,
    List<String> grantTokens,
    Grant requestedGrant) {
  public KeyAccess {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(resourceArn, "resourceArn");
    conditions = conditions == null ? ConditionContext.empty() : conditions;
    encryptionContext = encryptionContext == null ? Map.of() : Map.copyOf(encryptionContext);
    grantTokens = grantTokens == null ? List.of() : List.copyOf(grantTokens);
  }

  /** {@code kms:<operation>} on the key itself, which no grant allows. */
  public static KeyAccess of(String operation, KmsKey key) {
    return new KeyAccess("kms:" + operation, key, key.arn(), null, null, null, null, null);
  }

  /** {@code kms:<operation>} on the key, with the request's condition keys; no grant allows it. */
  public static KeyAccess of(String operation, KmsKey key, ConditionContext conditions) {
    return new KeyAccess("kms:" + operation, key, key.arn(), conditions, null, null, null, null);
  }

  /**
   * {@code kms:CreateGrant} on the key for creating {@code requested}: allowed by the policies, or
   * by a grant to the caller that allows CreateGrant and covers {@code requested}.
   */
  public static KeyAccess creatingGrant(
      KmsKey key, ConditionContext conditions, List<String> grantTokens, Grant requested) {
    Objects.requireNonNull(requested, "requested");
    return new KeyAccess(
        "kms:CreateGrant", key, key.arn(), conditions, "CreateGrant", null, grantTokens, requested);
  }

  /** {@code kms:<operation>} on the key itself, which a grant for {@code operation} allows too. */
  public static KeyAccess grantable(
      String operation,
      KmsKey key,
      ConditionContext conditions,
      Map<String, String> encryptionContext,
      List<String> grantTokens) {
    return new KeyAccess(
        "kms:" + operation,
        key,
        key.arn(),
        conditions,
        operation,
        encryptionContext,
        grantTokens,
        null);
  }

  /** The same question on another resource (an alias ARN). */
  public KeyAccess onResource(String arn) {
    return new KeyAccess(
        action,
        key,
        arn,
        conditions,
        grantOperation,
        encryptionContext,
        grantTokens,
        requestedGrant);
  }

  /** The same question with more of the request's condition keys ({@code more} win). */
  public KeyAccess withConditions(ConditionContext more) {
    return new KeyAccess(
        action,
        key,
        resourceArn,
        conditions.with(more),
        grantOperation,
        encryptionContext,
        grantTokens,
        requestedGrant);
  }
}
