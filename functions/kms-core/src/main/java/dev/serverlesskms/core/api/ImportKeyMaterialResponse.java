package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.time.Instant;
import java.util.List;

/** The ImportKeyMaterial response. */
public record ImportKeyMaterialResponse(String keyId, String keyMaterialId) implements KmsResponse {}
