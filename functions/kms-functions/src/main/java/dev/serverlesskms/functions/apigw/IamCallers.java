package dev.serverlesskms.functions.apigw;

import dev.serverlesskms.core.request.Caller;

/** Turns the IAM identity API Gateway verified into the caller of a KMS request. */
final class IamCallers {
  private IamCallers() {}

  /**
   * @return the caller, or {@code null} if the event carries no IAM identity
   */
  static Caller from(HttpApiRequest.Iam iam) {
    if (iam == null || iam.userArn() == null || iam.accountId() == null) {
      return null;
    }
    return new Caller(
        typeOf(iam.userArn()), iam.userId(), iam.userArn(), iam.accountId(), iam.accessKey());
  }

  /** CloudTrail's identity type, read off the ARN. */
  static String typeOf(String arn) {
    if (arn.startsWith("arn:aws:sts::") && arn.contains(":assumed-role/")) {
      return "AssumedRole";
    }
    if (arn.endsWith(":root")) {
      return "Root";
    }
    if (arn.contains(":user/")) {
      return "IAMUser";
    }
    return "Unknown";
  }
}
