package dev.serverlesskms.core.policy;

import dev.serverlesskms.core.request.Caller;
import java.util.Objects;

/**
 * Who a policy is evaluated for, as a policy's {@code Principal} element can name it.
 *
 * @param arn the caller's ARN: an IAM user, an account root, or an STS assumed-role session
 * @param accountId the caller's account
 * @param roleArn for an assumed-role session, the role's IAM ARN ({@code
 *     arn:aws:iam::<account>:role/<name>}), which policies name instead of the session; else {@code
 *     null}
 * @param servicePrincipal for an AWS service ({@code kms.amazonaws.com}), its name; else {@code
 *     null}
 */
public record PolicyPrincipal(
    String arn, String accountId, String roleArn, String servicePrincipal) {
  public PolicyPrincipal {
    Objects.requireNonNull(accountId, "accountId");
  }

  /** The principal of an authenticated caller. */
  public static PolicyPrincipal of(Caller caller) {
    if ("AWSService".equals(caller.type())) {
      return new PolicyPrincipal(null, caller.accountId(), null, caller.principalId());
    }
    return new PolicyPrincipal(caller.arn(), caller.accountId(), roleOfSession(caller.arn()), null);
  }

  /** {@code arn:aws:iam::<account>:root} of the caller's account. */
  public String accountRootArn() {
    return "arn:aws:iam::" + accountId + ":root";
  }

  /** Whether the caller is its account's root (which IAM policies cannot restrict). */
  public boolean isAccountRoot() {
    // Asked on every policy evaluation: compared in place rather than building the root ARN.
    String prefix = "arn:aws:iam::";
    return arn != null
        && arn.length() == prefix.length() + accountId.length() + ":root".length()
        && arn.startsWith(prefix)
        && arn.startsWith(accountId, prefix.length())
        && arn.endsWith(":root");
  }

  /**
   * The role of an STS assumed-role session ARN ({@code
   * arn:aws:sts::<account>:assumed-role/<role>/<session>}), or {@code null} for any other ARN.
   */
  static String roleOfSession(String arn) {
    // Parsed with indexOf rather than split: this runs for every request.
    if (arn == null || !arn.startsWith("arn:")) {
      return null;
    }
    int partitionEnd = arn.indexOf(':', 4);
    if (partitionEnd < 0 || !arn.startsWith(":sts::", partitionEnd)) {
      return null;
    }
    int accountStart = partitionEnd + ":sts::".length();
    int accountEnd = arn.indexOf(':', accountStart);
    if (accountEnd < 0 || !arn.startsWith("assumed-role/", accountEnd + 1)) {
      return null;
    }
    int roleStart = accountEnd + 1 + "assumed-role/".length();
    int roleEnd = arn.indexOf('/', roleStart);
    if (roleEnd <= roleStart || roleEnd == arn.length() - 1) {
      return null;
    }
    return "arn:"
        + arn.substring(4, partitionEnd)
        + ":iam::"
        + arn.substring(accountStart, accountEnd)
        + ":role/"
        + arn.substring(roleStart, roleEnd);
  }
}
