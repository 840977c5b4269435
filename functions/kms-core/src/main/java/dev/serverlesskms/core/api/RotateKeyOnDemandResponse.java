package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;

/** The RotateKeyOnDemand response. */
public record RotateKeyOnDemandResponse(String keyId) implements KmsResponse {}
