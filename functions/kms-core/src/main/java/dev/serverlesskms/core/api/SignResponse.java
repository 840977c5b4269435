package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.SigningAlgorithm;

/**
 * The Sign response: the key ARN, the signature (DER for ECDSA; raw for RSA, Ed25519 and ML-DSA)
 * and the algorithm.
 */
public record SignResponse(String keyId, byte[] signature, SigningAlgorithm signingAlgorithm)
    implements KmsResponse {}
