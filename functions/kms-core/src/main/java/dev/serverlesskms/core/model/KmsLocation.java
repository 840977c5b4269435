package dev.serverlesskms.core.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where this KMS lives in AWS terms: partition, region and account. Every ARN it issues is built
 * here ({@code arn:aws:kms:<region>:<account>:key/<uuid>}, {@code ...:alias/<name>}).
 */
public record KmsLocation(String partition, String region, String accountId) {
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+|local");
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

  public KmsLocation {
    Objects.requireNonNull(partition, "partition");
    if (region == null || !REGION.matcher(region).matches()) {
      throw new IllegalArgumentException("not an AWS region name: " + region);
    }
    if (accountId == null || !ACCOUNT.matcher(accountId).matches()) {
      throw new IllegalArgumentException("an account id is 12 digits, got: " + accountId);
    }
  }

  public static KmsLocation of(String region, String accountId) {
    return new KmsLocation("aws", region, accountId);
  }

  /**
   * Whether {@code name} is an AWS region name this KMS accepts ({@code us-east-1}, {@code local}).
   */
  public static boolean isRegion(String name) {
    return name != null && REGION.matcher(name).matches();
  }

  /**
   * The same partition and account in another region (a multi-Region key's replica lives there).
   */
  public KmsLocation withRegion(String otherRegion) {
    return otherRegion.equals(region) ? this : new KmsLocation(partition, otherRegion, accountId);
  }

  public String keyArn(KeyId keyId) {
    return arnPrefix() + "key/" + keyId.value();
  }

  public String aliasArn(String aliasName) {
    return arnPrefix() + aliasName;
  }

  /** {@code arn:aws:kms:<region>:<account>:} */
  public String arnPrefix() {
    return "arn:" + partition + ":kms:" + region + ":" + accountId + ":";
  }

  public String accountRootArn() {
    return "arn:" + partition + ":iam::" + accountId + ":root";
  }
}
