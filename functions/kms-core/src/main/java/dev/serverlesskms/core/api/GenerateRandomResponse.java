package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.List;

/** The GenerateRandom response. */
public record GenerateRandomResponse(byte[] plaintext) implements KmsResponse {}
