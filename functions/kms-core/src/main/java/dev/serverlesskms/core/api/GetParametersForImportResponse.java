package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.time.Instant;

/** The GetParametersForImport response. */
public record GetParametersForImportResponse(
    String keyId, byte[] importToken, byte[] publicKey, Instant parametersValidTo)
    implements KmsResponse {}
