package dev.serverlesskms.functions.local;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.functions.wire.Authenticator;
import dev.serverlesskms.functions.wire.SigV4Authorization;
import dev.serverlesskms.functions.wire.WireRequest;

/**
 * The local server's callers: whoever signed the request with SigV4 using the access key of one of
 * the configured principals, as that principal (a user, a role session or an account root, of any
 * account), in the region of its credential scope. A request whose {@code Host} this server does
 * not answer to is refused first, signed or not (see {@link AllowedHosts}).
 */
public final class SigV4Authenticator implements Authenticator {
  private static final int MAX_SHOWN_HOST = 64;

  private final SigV4Verifier verifier;
  private final AllowedHosts allowedHosts;
  private final String accountId;

  /**
   * @param accountId the KMS's account, which unauthenticated requests are recorded under
   */
  public SigV4Authenticator(SigV4Verifier verifier, AllowedHosts allowedHosts, String accountId) {
    this.verifier = verifier;
    this.allowedHosts = allowedHosts;
    this.accountId = accountId;
  }

  /**
   * @throws KmsException AccessDeniedException for a foreign Host; else the verifier's errors
   */
  @Override
  public Caller authenticate(WireRequest request) {
    String host = request.header("host");
    if (!allowedHosts.accepts(host)) {
      throw KmsException.of(
          KmsErrorType.ACCESS_DENIED,
          "This server does not answer to the host " + shown(host) + " (kms.local.allowed-hosts).");
    }
    return verifier.verify(signed(request)).caller();
  }

  /** The access key id the Authorization header names, if it gets that far; nothing verified. */
  @Override
  public Caller claimed(WireRequest request) {
    String authorization = request.header("authorization");
    String accessKeyId =
        authorization == null ? null : SigV4Authorization.accessKeyIdOf(authorization);
    return Caller.claimed(accessKeyId, accountId);
  }

  /**
   * The region of the SigV4 credential scope: the region the client was configured for. Verified to
   * be a region name by {@link #authenticate}; for a refused request, {@code null} unless it names
   * one.
   */
  @Override
  public String region(WireRequest request) {
    String authorization = request.header("authorization");
    if (authorization == null) {
      return null;
    }
    try {
      String region = SigV4Authorization.parse(authorization).region();
      return KmsLocation.isRegion(region) ? region : null;
    } catch (KmsException malformed) {
      return null;
    }
  }

  /** The Host header is the client's: quoted, and cut short rather than echoed whole. */
  private static String shown(String host) {
    if (host == null) {
      return "(none: the request has no Host header)";
    }
    return "'"
        + (host.length() > MAX_SHOWN_HOST ? host.substring(0, MAX_SHOWN_HOST) + "..." : host)
        + "'";
  }

  private static SignedRequest signed(WireRequest request) {
    return new SignedRequest(
        request.method(),
        request.path(),
        request.rawQuery(),
        request.headers(),
        request.body().bytes());
  }
}
