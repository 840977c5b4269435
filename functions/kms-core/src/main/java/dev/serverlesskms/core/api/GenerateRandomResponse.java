package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;

/** The GenerateRandom response. */
public record GenerateRandomResponse(byte[] plaintext) implements KmsResponse {}
