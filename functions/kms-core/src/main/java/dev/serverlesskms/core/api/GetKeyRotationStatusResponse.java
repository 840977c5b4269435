package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.time.Instant;

/** The GetKeyRotationStatus response. */
public record GetKeyRotationStatusResponse(
    Boolean keyRotationEnabled,
    String keyId,
    Integer rotationPeriodInDays,
    Instant nextRotationDate,
    Instant onDemandRotationStartDate)
    implements KmsResponse {}
