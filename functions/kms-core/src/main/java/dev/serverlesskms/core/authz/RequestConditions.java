package dev.serverlesskms.core.authz;

import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.core.policy.ConditionContext;
import dev.serverlesskms.core.policy.PolicyPrincipal;
import dev.serverlesskms.core.request.RequestContext;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The condition keys every request has: who calls, from where, and when. */
final class RequestConditions {
  private RequestConditions() {}

  static ConditionContext of(
      RequestContext request, PolicyPrincipal principal, KmsLocation location, Instant now) {
    ConditionContext.Builder conditions =
        ConditionContext.builder()
            .put("aws:PrincipalAccount", principal.accountId())
            .put("kms:CallerAccount", principal.accountId())
            // Formatted only for a policy that asks: most never do, and this runs per request.
            .putLazily("aws:CurrentTime", () -> List.of(DateTimeFormatter.ISO_INSTANT.format(now)))
            .putLazily("aws:EpochTime", () -> List.of(Long.toString(now.getEpochSecond())))
            .put("aws:RequestedRegion", location.region());
    String principalArn = principal.roleArn() != null ? principal.roleArn() : principal.arn();
    if (principalArn != null) {
      conditions.put("aws:PrincipalArn", principalArn);
    }
    if (principal.servicePrincipal() != null) {
      conditions.put("aws:PrincipalServiceName", principal.servicePrincipal());
    }
    String userName = userName(principal.arn());
    if (userName != null) {
      // IAM: aws:username exists for IAM users only (the ${aws:username} policy variable).
      conditions.put("aws:username", userName);
    }
    if (request.sourceIpAddress() != null && looksLikeAddress(request.sourceIpAddress())) {
      conditions.put("aws:SourceIp", request.sourceIpAddress());
    }
    return conditions.build();
  }

  /** The friendly name of an IAM user ({@code arn:aws:iam::<acct>:user/[path/]name}), else null. */
  static String userName(String arn) {
    if (arn == null) {
      return null;
    }
    int user = arn.indexOf(":user/");
    if (user < 0 || !arn.startsWith("arn:") || arn.indexOf(":iam::") < 0) {
      return null;
    }
    return arn.substring(arn.lastIndexOf('/') + 1);
  }

  /** A scheduled action's "source address" is a service name, which aws:SourceIp never is. */
  private static boolean looksLikeAddress(String source) {
    return !source.isEmpty()
        && (Character.isDigit(source.charAt(0)) || source.indexOf(':') >= 0)
        && !source.endsWith(".com");
  }
}
