package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.model.KmsLocation;

/** The key policy AWS attaches when CreateKey gets none, byte for byte (Terraform diffs it). */
public final class DefaultKeyPolicy {
  private DefaultKeyPolicy() {}

  public static String forAccount(KmsLocation location) {
    return "{\"Version\":\"2012-10-17\",\"Id\":\"key-default-1\",\"Statement\":[{\"Sid\":\"Enable IAM User"
        + " Permissions\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
        + location.accountRootArn()
        + "\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
  }
}
