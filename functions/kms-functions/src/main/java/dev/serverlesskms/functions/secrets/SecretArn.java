package dev.serverlesskms.functions.secrets;

/**
 * The ARN of a Secrets Manager secret, {@code
 * arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME} (NAME with or without the six-character
 * suffix Secrets Manager appends). The region is where the secret lives, so it is the region the
 * client must call, whatever region the KMS runs in.
 */
public record SecretArn(String value, String region) {
  private static final int FIELDS = 7;

  /**
   * @throws SecretLoadException if {@code value} is not a Secrets Manager secret ARN
   */
  public static SecretArn parse(String value) {
    String arn = value == null ? "" : value.strip();
    String[] fields = arn.split(":", FIELDS);
    if (fields.length != FIELDS
        || !fields[0].equals("arn")
        || fields[1].isEmpty()
        || !fields[2].equals("secretsmanager")
        || fields[3].isEmpty()
        || fields[4].isEmpty()
        || !fields[5].equals("secret")
        || fields[6].isEmpty()) {
      throw new SecretLoadException(
          "'"
              + arn
              + "' is not a Secrets Manager secret ARN"
              + " (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)");
    }
    return new SecretArn(arn, fields[3]);
  }

  @Override
  public String toString() {
    return value;
  }
}
