package dev.serverlesskms.functions.wire;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.request.Caller;

/**
 * The caller is whoever the transport authenticated (API Gateway's IAM authorizer). No identity
 * means the route was not protected: nothing may run, and the request is refused as AWS refuses an
 * unsigned one. A signature that leaves the operation ({@code X-Amz-Target}) unsigned is refused
 * too.
 */
final class TransportAuthenticator implements Authenticator {
  private final String accountId;

  TransportAuthenticator(String accountId) {
    this.accountId = accountId;
  }

  /**
   * API Gateway verified the signature but not what it covers: a signature over {@code
   * host;x-amz-date} alone would let a captured request be re-sent as another operation. So when
   * the request carries its SigV4 Authorization header, the operation must be signed.
   */
  @Override
  public Caller authenticate(WireRequest request) {
    if (request.caller() == null) {
      throw KmsException.of(
          KmsErrorType.MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token");
    }
    String authorization = request.header("authorization");
    if (authorization != null && authorization.trim().startsWith(SigV4Authorization.ALGORITHM)) {
      SigV4Authorization.parse(authorization).requireTargetCoverage(request.headers());
    }
    return request.caller();
  }

  @Override
  public Caller claimed(WireRequest request) {
    return request.caller() != null ? request.caller() : Caller.claimed(null, accountId);
  }
}
