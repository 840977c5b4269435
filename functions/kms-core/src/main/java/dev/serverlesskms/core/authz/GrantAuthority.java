package dev.serverlesskms.core.authz;

import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.policy.PolicyPrincipal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Whether a grant on a key allows a caller an operation (the third way, after the policies). */
@FunctionalInterface
public interface GrantAuthority {
  /**
   * @param key the key the operation uses
   * @param grantee the caller
   * @param operation the grant operation, {@code Encrypt} (an AWS operation name)
   * @param encryptionContext the request's encryption context (empty when it has none), for the
   *     grant's constraints
   * @param grantTokens the request's GrantTokens: grants they name count even before they are
   *     visible in the store
   * @param now the instant the request is served at
   * @throws dev.serverlesskms.core.error.KmsException InvalidGrantTokenException for a grant token
   *     that is malformed
   */
  boolean allows(
      KmsKey key,
      PolicyPrincipal grantee,
      String operation,
      Map<String, String> encryptionContext,
      List<String> grantTokens,
      Instant now);

  /** No grants anywhere. */
  static GrantAuthority none() {
    return (key, grantee, operation, encryptionContext, grantTokens, now) -> false;
  }
}
