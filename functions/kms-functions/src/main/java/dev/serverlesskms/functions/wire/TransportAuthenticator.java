package dev.serverlesskms.functions.wire;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.request.Caller;

/**
 * The caller is whoever the transport authenticated (API Gateway's IAM authorizer). No identity
 * means the route was not protected: nothing may run, and the request is refused as AWS refuses an
 * unsigned one.
 */
final class TransportAuthenticator implements Authenticator {
  private final String accountId;

  TransportAuthenticator(String accountId) {
    this.accountId = accountId;
  }

  @Override
  public Caller authenticate(WireRequest request) {
    if (request.caller() == null) {
      throw KmsException.of(
          KmsErrorType.MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token");
    }
    return request.caller();
  }

  @Override
  public Caller claimed(WireRequest request) {
    return request.caller() != null
        ? request.caller()
        : new Caller("Unknown", null, null, accountId, null);
  }
}
