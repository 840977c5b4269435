package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;

/** The VerifyMac response; {@code macValid} is always true (a MAC that does not verify fails). */
public record VerifyMacResponse(String keyId, Boolean macValid, MacAlgorithm macAlgorithm)
    implements KmsResponse {}
