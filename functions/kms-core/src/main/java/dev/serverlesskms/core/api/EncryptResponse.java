package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.List;

/** The Encrypt response. */
public record EncryptResponse(byte[] ciphertextBlob, String keyId, EncryptionAlgorithm encryptionAlgorithm, String keyMaterialId) implements KmsResponse {}
