package dev.serverlesskms.core.api;

import java.time.Instant;

/**
 * The GetKeyLastUsage response.
 *
 * @param keyId the key's id
 * @param keyLastUsage its last successful cryptographic use since {@code trackingStartDate}, or
 *     {@code null} (the member is left out) when none is on record
 * @param trackingStartDate the later of the key's creation and the date this KMS began tracking
 * @param keyCreationDate when the key was created
 */
public record GetKeyLastUsageResponse(
    String keyId, KeyLastUsageData keyLastUsage, Instant trackingStartDate, Instant keyCreationDate)
    implements KmsResponse {}
