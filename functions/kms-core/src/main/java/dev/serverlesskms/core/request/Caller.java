package dev.serverlesskms.core.request;

import java.util.Objects;

/**
 * The authenticated caller of a request.
 *
 * @param type CloudTrail identity type: {@code IAMUser}, {@code AssumedRole}, {@code Root} or
 *     {@code AWSService}
 * @param principalId the principal id (the access key id locally)
 * @param arn the caller's ARN
 * @param accountId the caller's account
 * @param accessKeyId the access key that signed the request, or {@code null}
 */
public record Caller(
    String type, String principalId, String arn, String accountId, String accessKeyId) {
  public Caller {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(accountId, "accountId");
  }

  /** The service itself, for scheduled actions. */
  public static Caller service(String accountId) {
    return new Caller("AWSService", "kms.amazonaws.com", null, accountId, null);
  }
}
