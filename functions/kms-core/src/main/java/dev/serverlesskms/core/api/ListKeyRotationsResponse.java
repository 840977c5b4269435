package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.List;

/** The ListKeyRotations response. */
public record ListKeyRotationsResponse(
    List<RotationsListEntry> rotations, String nextMarker, Boolean truncated)
    implements KmsResponse {}
