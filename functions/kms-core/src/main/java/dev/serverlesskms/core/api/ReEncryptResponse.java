package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;

/** The ReEncrypt response. */
public record ReEncryptResponse(
    byte[] ciphertextBlob,
    String sourceKeyId,
    String keyId,
    EncryptionAlgorithm sourceEncryptionAlgorithm,
    EncryptionAlgorithm destinationEncryptionAlgorithm,
    String sourceKeyMaterialId,
    String destinationKeyMaterialId)
    implements KmsResponse {}
