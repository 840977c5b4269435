package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;

/** The Encrypt response. (Unlike Decrypt, AWS's Encrypt response has no KeyMaterialId.) */
public record EncryptResponse(
    byte[] ciphertextBlob, String keyId, EncryptionAlgorithm encryptionAlgorithm)
    implements KmsResponse {}
