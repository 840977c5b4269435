package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;

/**
 * The DeriveSharedSecret response.
 *
 * @param sharedSecret the raw ECDH shared secret (the x coordinate of the shared point)
 * @param keyOrigin the KMS key's origin (AWS_KMS or EXTERNAL)
 */
public record DeriveSharedSecretResponse(
    String keyId,
    byte[] sharedSecret,
    KeyAgreementAlgorithm keyAgreementAlgorithm,
    Origin keyOrigin)
    implements KmsResponse {}
