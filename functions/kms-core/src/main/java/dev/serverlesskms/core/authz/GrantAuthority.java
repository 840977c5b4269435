package dev.serverlesskms.core.authz;

import dev.serverlesskms.core.policy.Decision;
import dev.serverlesskms.core.policy.PolicyPrincipal;
import java.time.Instant;

/** Whether a grant on a key allows a caller an operation (the third way, after the policies). */
@FunctionalInterface
public interface GrantAuthority {
  /**
   * What the grants on {@code access.key()} say about the caller taking {@code access}: its grant
   * operation ({@link KeyAccess#grantOperation()}) under the request's encryption context, or, for
   * CreateGrant, creating {@link KeyAccess#requestedGrant()}.
   *
   * @param grantee the caller
   * @param now the instant the request is served at
   * @return {@link Decision#ALLOW} when a grant names the caller (its ARN, its role, or the service
   *     it is) and allows the access; {@link Decision#ALLOW_VIA_ACCOUNT} when only a grant to the
   *     caller's account allows it, which the account must delegate to the caller with an identity
   *     policy, as for a key policy that names the account; else {@link Decision#NOT_ALLOWED}
   * @throws dev.serverlesskms.core.error.KmsException InvalidGrantTokenException for a grant token
   *     (in {@link KeyAccess#grantTokens()}) that is malformed
   */
  Decision allows(KeyAccess access, PolicyPrincipal grantee, Instant now);

  /** No grants anywhere. */
  static GrantAuthority none() {
    return (access, grantee, now) -> Decision.NOT_ALLOWED;
  }
}
