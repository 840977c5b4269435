package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.List;

/** The GenerateDataKey response. */
public record GenerateDataKeyResponse(byte[] ciphertextBlob, byte[] plaintext, String keyId, String keyMaterialId) implements KmsResponse {}
