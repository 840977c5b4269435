package dev.serverlesskms.core.authz;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;

/**
 * AWS's AccessDeniedException messages: who, which action, on which resource, and why (no policy of
 * a kind allowed it, or one explicitly denied it).
 */
final class AccessDenied {
  /** Which kind of policy refused. */
  enum Reason {
    NO_RESOURCE_POLICY_ALLOWS,
    NO_IDENTITY_POLICY_ALLOWS,
    RESOURCE_POLICY_DENIES,
    IDENTITY_POLICY_DENIES
  }

  private AccessDenied() {}

  static KmsException of(String callerArn, String action, String resource, Reason reason) {
    String head =
        "User: "
            + callerArn
            + " is not authorized to perform: "
            + action
            + " on resource: "
            + resource;
    String why =
        switch (reason) {
          case NO_RESOURCE_POLICY_ALLOWS ->
              " because no resource-based policy allows the " + action + " action";
          case NO_IDENTITY_POLICY_ALLOWS ->
              " because no identity-based policy allows the " + action + " action";
          case RESOURCE_POLICY_DENIES -> " with an explicit deny in a resource-based policy";
          case IDENTITY_POLICY_DENIES -> " with an explicit deny in an identity-based policy";
        };
    return KmsException.of(KmsErrorType.ACCESS_DENIED, head + why);
  }
}
