package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.List;

/** The Decrypt response. */
public record DecryptResponse(String keyId, byte[] plaintext, EncryptionAlgorithm encryptionAlgorithm, String keyMaterialId) implements KmsResponse {}
