package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;

/** The GenerateMac response. */
public record GenerateMacResponse(byte[] mac, MacAlgorithm macAlgorithm, String keyId)
    implements KmsResponse {}
