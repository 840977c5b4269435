package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import java.util.regex.Pattern;

/**
 * AWS's alias name rules: 1..256 of {@code [a-zA-Z0-9:/_-]}, {@code alias/} prefix, {@code
 * alias/aws/} reserved.
 */
public final class AliasNames {
  private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9:/_-]+$");

  private AliasNames() {}

  /** Validates a name a caller wants to create, change or delete. */
  public static String validateCustomerAlias(String aliasName) {
    Validation.required(aliasName, "aliasName");
    Validation.length(aliasName, 1, 256, "aliasName");
    Validation.pattern(aliasName, NAME, "aliasName");
    if (!aliasName.startsWith("alias/") || aliasName.length() == "alias/".length()) {
      throw KmsException.of(
          KmsErrorType.VALIDATION,
          "Alias must start with the prefix \"alias/\". Please see"
              + " https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");
    }
    if (aliasName.startsWith("alias/aws/")) {
      throw KmsException.of(
          KmsErrorType.NOT_AUTHORIZED,
          "The alias name cannot begin with alias/aws/: that prefix is reserved for AWS managed keys.");
    }
    return aliasName;
  }
}
