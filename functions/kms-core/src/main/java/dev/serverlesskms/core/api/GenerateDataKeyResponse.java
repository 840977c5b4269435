package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;

/** The GenerateDataKey response. */
public record GenerateDataKeyResponse(
    byte[] ciphertextBlob, byte[] plaintext, String keyId, String keyMaterialId)
    implements KmsResponse {}
