package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;

/** The Decrypt response. */
public record DecryptResponse(
    String keyId, byte[] plaintext, EncryptionAlgorithm encryptionAlgorithm, String keyMaterialId)
    implements KmsResponse {}
