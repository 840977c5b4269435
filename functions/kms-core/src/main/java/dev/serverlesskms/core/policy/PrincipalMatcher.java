package dev.serverlesskms.core.policy;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A key policy statement's {@code Principal} or {@code NotPrincipal}, compiled into sets so that
 * matching a caller is a few hash lookups.
 *
 * <ul>
 *   <li>{@code "*"} and {@code {"AWS": "*"}} name everyone.
 *   <li>An account ({@code arn:aws:iam::<acct>:root} or the bare 12-digit id) names the account:
 *       its root directly, its other principals only through the account ({@link
 *       Match#VIA_ACCOUNT}, which delegates to the account's IAM policies).
 *   <li>A user ARN or an assumed-role session ARN names that principal.
 *   <li>A role ARN names every session of the role ({@link PolicyPrincipal#roleArn}). A session ARN
 *       carries no role path, so a role is kept as {@code role/<name>} ({@code role/path/name}
 *       names the sessions of {@code name}).
 *   <li>{@code {"Service": "x.amazonaws.com"}} names that service.
 * </ul>
 */
final class PrincipalMatcher {
  /** How a statement's principals name a caller, strongest last. */
  enum Match {
    NONE,
    /** Only through the caller's account: the key policy delegates to IAM. */
    VIA_ACCOUNT,
    /** The caller itself (its ARN, its role, its account when it is the root, or everyone). */
    DIRECT
  }

  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern PRINCIPAL_ARN =
      Pattern.compile(
          "arn:aws(?:-cn|-us-gov|-iso|-iso-b)?:(iam|sts)::(\\d{12}):"
              + "(root|user/[^*?]+|role/[^*?]+|assumed-role/[^/*?]+/[^*?]+|federated-user/[^*?]+)");

  private boolean everyone;
  private final Set<String> accounts = new HashSet<>();
  private final Set<String> arns = new HashSet<>();
  private final Set<String> roles = new HashSet<>();
  private final Set<String> services = new HashSet<>();

  void addEveryone() {
    everyone = true;
  }

  /**
   * Adds a value of the {@code AWS} principal type.
   *
   * @return {@code false} when it is not a principal IAM accepts (a wildcard inside an ARN, a
   *     group, a malformed ARN or account id)
   */
  boolean addAws(String value) {
    if (value.equals("*")) {
      everyone = true;
      return true;
    }
    if (ACCOUNT.matcher(value).matches()) {
      accounts.add(value);
      return true;
    }
    var arn = PRINCIPAL_ARN.matcher(value);
    if (!arn.matches()) {
      return false;
    }
    String service = arn.group(1);
    String account = arn.group(2);
    String resource = arn.group(3);
    if (resource.equals("root")) {
      if (!service.equals("iam")) {
        return false;
      }
      accounts.add(account);
    } else if (resource.startsWith("role/")) {
      if (!service.equals("iam")) {
        return false;
      }
      // Sessions name their role without its path: keep role/<name> only.
      String partition = value.substring(4, value.indexOf(':', 4));
      roles.add(
          "arn:"
              + partition
              + ":iam::"
              + account
              + ":role/"
              + resource.substring(resource.lastIndexOf('/') + 1));
    } else if (resource.startsWith("assumed-role/") || resource.startsWith("federated-user/")) {
      if (!service.equals("sts")) {
        return false;
      }
      arns.add(value);
    } else {
      if (!service.equals("iam")) {
        return false;
      }
      arns.add(value);
    }
    return true;
  }

  /** Adds a value of the {@code Service} principal type ({@code kms.amazonaws.com}). */
  boolean addService(String value) {
    if (value.isEmpty() || value.indexOf('*') >= 0 || value.indexOf('?') >= 0) {
      return false;
    }
    services.add(value);
    return true;
  }

  /** How the listed principals name {@code caller}. */
  Match match(PolicyPrincipal caller) {
    if (everyone) {
      return Match.DIRECT;
    }
    if (caller.servicePrincipal() != null) {
      return services.contains(caller.servicePrincipal()) ? Match.DIRECT : Match.NONE;
    }
    if (caller.arn() != null && arns.contains(caller.arn())) {
      return Match.DIRECT;
    }
    if (caller.roleArn() != null && roles.contains(caller.roleArn())) {
      return Match.DIRECT;
    }
    if (accounts.contains(caller.accountId())) {
      return caller.isAccountRoot() ? Match.DIRECT : Match.VIA_ACCOUNT;
    }
    return Match.NONE;
  }

  /**
   * Whether every identity the caller is evaluated as (its account, and its user, or its role and
   * session) is listed: IAM evaluates a {@code NotPrincipal} Deny against each of them, so a Deny
   * spares only a caller whose account, role and session are all listed (IAM User Guide, "AWS JSON
   * policy elements: NotPrincipal").
   */
  boolean listsEveryIdentityOf(PolicyPrincipal caller) {
    if (everyone) {
      return true;
    }
    if (caller.servicePrincipal() != null) {
      return services.contains(caller.servicePrincipal());
    }
    if (!accounts.contains(caller.accountId())) {
      return false;
    }
    if (caller.isAccountRoot()) {
      return true;
    }
    if (caller.roleArn() != null) {
      return roles.contains(caller.roleArn())
          && caller.arn() != null
          && arns.contains(caller.arn());
    }
    return caller.arn() != null && arns.contains(caller.arn());
  }

  /** Whether any identity the caller is evaluated as is listed. */
  boolean listsAnyIdentityOf(PolicyPrincipal caller) {
    return match(caller) != Match.NONE;
  }
}
