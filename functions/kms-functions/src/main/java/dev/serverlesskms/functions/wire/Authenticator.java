package dev.serverlesskms.functions.wire;

import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.request.Caller;

/**
 * Who sent a KMS request. Each transport brings its own: the local server verifies SigV4 itself,
 * API Gateway has verified it before the function runs.
 */
public interface Authenticator {
  /**
   * @return the authenticated caller
   * @throws KmsException the AWS authentication error (MissingAuthenticationTokenException,
   *     IncompleteSignatureException, UnrecognizedClientException, InvalidSignatureException)
   */
  Caller authenticate(WireRequest request);

  /**
   * Who the request says it comes from, unverified, for the audit record of a request refused
   * before or at authentication. Never fails.
   */
  Caller claimed(WireRequest request);

  /**
   * The AWS region the request is for, or {@code null} for the KMS's default region ({@code
   * kms.region}): the local server serves the region of the SigV4 scope, a Lambda its deployment's.
   * For a request refused before or at authentication, the region it claims if that is a region
   * name. Never fails.
   */
  default String region(WireRequest request) {
    return null;
  }

  /**
   * For transports that authenticate before the request reaches the KMS: the caller they put in
   * {@link WireRequest#caller()}; a request without one is refused.
   *
   * @param accountId the account unidentified callers are recorded under
   */
  static Authenticator byTransport(String accountId) {
    return new TransportAuthenticator(accountId);
  }
}
