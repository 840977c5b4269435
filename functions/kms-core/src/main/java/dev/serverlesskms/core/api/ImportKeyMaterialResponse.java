package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;

/** The ImportKeyMaterial response. */
public record ImportKeyMaterialResponse(String keyId, String keyMaterialId)
    implements KmsResponse {}
