package dev.serverlesskms.functions.local;

import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.functions.wire.Authenticator;
import dev.serverlesskms.functions.wire.SigV4Authorization;
import dev.serverlesskms.functions.wire.WireRequest;

/**
 * The local server's callers: whoever signed the request with SigV4 using one of the configured
 * credentials, recorded as that credential's principal.
 */
public final class SigV4Authenticator implements Authenticator {
  private final SigV4Verifier verifier;
  private final String accountId;

  public SigV4Authenticator(SigV4Verifier verifier, String accountId) {
    this.verifier = verifier;
    this.accountId = accountId;
  }

  @Override
  public Caller authenticate(WireRequest request) {
    LocalCredentials.Credential credential = verifier.verify(signed(request));
    return new Caller(
        "IAMUser",
        credential.accessKeyId(),
        credential.principalArn(),
        accountId,
        credential.accessKeyId());
  }

  /** The access key id the Authorization header names, if it gets that far; nothing verified. */
  @Override
  public Caller claimed(WireRequest request) {
    String authorization = request.header("authorization");
    String accessKeyId =
        authorization == null ? null : SigV4Authorization.accessKeyIdOf(authorization);
    return new Caller("Unknown", accessKeyId, null, accountId, accessKeyId);
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
