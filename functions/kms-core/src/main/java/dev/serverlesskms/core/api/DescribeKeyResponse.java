package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;

/** The DescribeKey response. */
public record DescribeKeyResponse(KeyMetadata keyMetadata) implements KmsResponse {}
