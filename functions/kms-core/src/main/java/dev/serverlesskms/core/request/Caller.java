package dev.serverlesskms.core.request;

import java.util.Objects;

/**
 * The caller of a request: authenticated, or, for a refused request, only claimed ({@link
 * #verified}).
 *
 * @param type CloudTrail identity type: {@code IAMUser}, {@code AssumedRole}, {@code Root} or
 *     {@code AWSService}
 * @param principalId the principal id (the access key id locally)
 * @param arn the caller's ARN
 * @param accountId the caller's account
 * @param accessKeyId the access key that signed the request, or {@code null}
 * @param verified {@code false} for the identity a request merely claims (refused before or at
 *     authentication): its access key id is read from a header nobody checked
 */
public record Caller(
    String type,
    String principalId,
    String arn,
    String accountId,
    String accessKeyId,
    boolean verified) {
  public Caller {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(accountId, "accountId");
  }

  /** An authenticated caller. */
  public Caller(String type, String principalId, String arn, String accountId, String accessKeyId) {
    this(type, principalId, arn, accountId, accessKeyId, true);
  }

  /**
   * Who an unauthenticated request says it comes from, for the audit record of its refusal: type
   * {@code Unknown}, the access key id it names (or {@code null}), unverified.
   */
  public static Caller claimed(String accessKeyId, String accountId) {
    return new Caller("Unknown", accessKeyId, null, accountId, accessKeyId, false);
  }

  /** The service itself, for scheduled actions. */
  public static Caller service(String accountId) {
    return new Caller("AWSService", "kms.amazonaws.com", null, accountId, null);
  }
}
