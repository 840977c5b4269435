package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;

/**
 * The GenerateDataKeyPairWithoutPlaintext response: GenerateDataKeyPair's without the private key.
 */
public record GenerateDataKeyPairWithoutPlaintextResponse(
    byte[] privateKeyCiphertextBlob,
    byte[] publicKey,
    String keyId,
    DataKeyPairSpec keyPairSpec,
    String keyMaterialId)
    implements KmsResponse {}
