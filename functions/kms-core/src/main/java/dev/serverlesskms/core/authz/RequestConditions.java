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

  /**
   * The keys are answered when a policy asks for them (most policies ask for none), from the
   * principal, the request and the clock: nothing is built per request.
   */
  static ConditionContext of(
      RequestContext request, PolicyPrincipal principal, KmsLocation location, Instant now) {
    return ConditionContext.of(
        key ->
            switch (key) {
              case "aws:principalaccount", "kms:calleraccount" -> List.of(principal.accountId());
              case "aws:currenttime" -> List.of(DateTimeFormatter.ISO_INSTANT.format(now));
              case "aws:epochtime" -> List.of(Long.toString(now.getEpochSecond()));
              case "aws:requestedregion" -> List.of(location.region());
              case "aws:principalarn" -> single(principalArn(principal));
              case "aws:principalservicename" -> single(principal.servicePrincipal());
              // IAM: aws:username exists for IAM users only (the ${aws:username} policy variable).
              case "aws:username" -> single(userName(principal.arn()));
              case "aws:sourceip" -> single(sourceIp(request.sourceIpAddress()));
              default -> null;
            });
  }

  /** For an assumed-role session, its role (as IAM gives it); else the caller's own ARN. */
  private static String principalArn(PolicyPrincipal principal) {
    return principal.roleArn() != null ? principal.roleArn() : principal.arn();
  }

  private static String sourceIp(String source) {
    return source != null && looksLikeAddress(source) ? source : null;
  }

  private static List<String> single(String value) {
    return value == null ? null : List.of(value);
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
