package dev.serverlesskms.core.api;

import java.time.Instant;

/**
 * One entry of ListKeyRotations.
 *
 * @param keyId the key ARN
 * @param keyMaterialId the version's material id
 * @param keyMaterialState CURRENT for the primary version, NON_CURRENT for the others
 * @param rotationDate when the version was created by a rotation ({@code null} for the first)
 * @param rotationType AUTOMATIC or ON_DEMAND ({@code null} for the first)
 */
public record RotationsListEntry(
    String keyId,
    String keyMaterialId,
    String keyMaterialState,
    Instant rotationDate,
    String rotationType) {}
