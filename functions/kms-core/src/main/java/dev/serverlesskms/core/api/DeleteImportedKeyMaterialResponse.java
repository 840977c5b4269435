package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.time.Instant;
import java.util.List;

/** The DeleteImportedKeyMaterial response. */
public record DeleteImportedKeyMaterialResponse(String keyId, String keyMaterialId) implements KmsResponse {}
