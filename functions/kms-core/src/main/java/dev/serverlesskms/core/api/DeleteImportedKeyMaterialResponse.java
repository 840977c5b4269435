package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;

/** The DeleteImportedKeyMaterial response. */
public record DeleteImportedKeyMaterialResponse(String keyId, String keyMaterialId)
    implements KmsResponse {}
