package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.time.Instant;
import java.util.List;

/** The RotateKeyOnDemand response. */
public record RotateKeyOnDemandResponse(String keyId) implements KmsResponse {}
