package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.List;

/** The DescribeKey response. */
public record DescribeKeyResponse(KeyMetadata keyMetadata) implements KmsResponse {}
