package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.List;

/** The GenerateDataKeyWithoutPlaintext response. */
public record GenerateDataKeyWithoutPlaintextResponse(byte[] ciphertextBlob, String keyId, String keyMaterialId) implements KmsResponse {}
