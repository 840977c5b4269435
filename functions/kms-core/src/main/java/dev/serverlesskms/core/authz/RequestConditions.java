package dev.serverlesskms.core.authz;

import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.core.policy.ConditionContext;
import dev.serverlesskms.core.policy.PolicyPrincipal;
import dev.serverlesskms.core.request.RequestContext;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** The condition keys every request has: who calls, from where, and when. */
final class RequestConditions {
  private RequestConditions() {}

  static ConditionContext of(
      RequestContext request, PolicyPrincipal principal, KmsLocation location, Instant now) {
    ConditionContext.Builder conditions =
        ConditionContext.builder()
            .put("aws:PrincipalAccount", principal.accountId())
            .put("kms:CallerAccount", principal.accountId())
            .put("aws:CurrentTime", DateTimeFormatter.ISO_INSTANT.format(now))
            .put("aws:EpochTime", Long.toString(now.getEpochSecond()))
            .put("aws:RequestedRegion", location.region());
    String principalArn = principal.roleArn() != null ? principal.roleArn() : principal.arn();
    if (principalArn != null) {
      conditions.put("aws:PrincipalArn", principalArn);
    }
    if (principal.servicePrincipal() != null) {
      conditions.put("aws:PrincipalServiceName", principal.servicePrincipal());
    }
    if (request.sourceIpAddress() != null && looksLikeAddress(request.sourceIpAddress())) {
      conditions.put("aws:SourceIp", request.sourceIpAddress());
    }
    return conditions.build();
  }

  /** A scheduled action's "source address" is a service name, which aws:SourceIp never is. */
  private static boolean looksLikeAddress(String source) {
    return !source.isEmpty()
        && (Character.isDigit(source.charAt(0)) || source.indexOf(':') >= 0)
        && !source.endsWith(".com");
  }
}
