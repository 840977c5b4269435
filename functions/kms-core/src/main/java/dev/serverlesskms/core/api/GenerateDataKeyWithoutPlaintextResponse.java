package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;

/** The GenerateDataKeyWithoutPlaintext response. */
public record GenerateDataKeyWithoutPlaintextResponse(
    byte[] ciphertextBlob, String keyId, String keyMaterialId) implements KmsResponse {}
