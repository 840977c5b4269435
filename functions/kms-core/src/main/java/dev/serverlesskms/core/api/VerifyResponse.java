package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.SigningAlgorithm;

/**
 * The Verify response. {@code signatureValid} is always true: a signature that does not verify is
 * KMSInvalidSignatureException, as in AWS.
 */
public record VerifyResponse(
    String keyId, Boolean signatureValid, SigningAlgorithm signingAlgorithm)
    implements KmsResponse {}
