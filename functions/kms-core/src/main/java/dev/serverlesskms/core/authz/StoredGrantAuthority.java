package dev.serverlesskms.core.authz;

import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.GrantOperation;
import dev.serverlesskms.core.model.GrantToken;
import dev.serverlesskms.core.policy.Decision;
import dev.serverlesskms.core.policy.PolicyPrincipal;
import dev.serverlesskms.core.port.KeyStore;
import java.time.Instant;

/**
 * The grants in the key store. Asked on every request the policies did not allow, so it costs one
 * store lookup: the grants on the key whose grantee has the caller's scope ({@link
 * KeyStore#findGrants}: those to the caller's account, its users and roles, or to the service it
 * is), of which it keeps those that name the caller.
 *
 * <p>Grant tokens: the store is strongly consistent, so a grant is found as soon as CreateGrant
 * returns and a token adds no permission; tokens are still read, and a malformed one is refused, as
 * AWS refuses it. A token naming a grant of another key or grantee changes nothing.
 *
 * <p>The SourceArn constraint: no request here is made on behalf of an AWS resource ({@code
 * aws:SourceArn}), so a grant with that constraint allows nothing but RetireGrant.
 */
public final class StoredGrantAuthority implements GrantAuthority {
  private final KeyStore store;

  public StoredGrantAuthority(KeyStore store) {
    this.store = store;
  }

  @Override
  public Decision allows(KeyAccess access, PolicyPrincipal grantee, Instant now) {
    access.grantTokens().forEach(GrantToken::parse);
    GrantOperation operation = GrantOperation.fromName(access.grantOperation());
    if (operation == null) {
      return Decision.NOT_ALLOWED;
    }
    String scope =
        grantee.servicePrincipal() != null ? grantee.servicePrincipal() : grantee.accountId();
    Decision best = Decision.NOT_ALLOWED;
    for (Grant grant : store.findGrants(access.key().keyId(), scope)) {
      Decision who = GrantPrincipals.match(grant.grantee(), grantee);
      if (who != Decision.NOT_ALLOWED && permits(grant, operation, access)) {
        best = best.and(who);
      }
    }
    return best;
  }

  private static boolean permits(Grant grant, GrantOperation operation, KeyAccess access) {
    if (access.requestedGrant() != null) {
      return grant.allowsCreating(access.requestedGrant());
    }
    return grant.allows(operation, access.encryptionContext(), null);
  }
}
