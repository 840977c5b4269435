package dev.serverlesskms.core.api;

import java.time.Instant;

/**
 * AWS's {@code KeyLastUsageData}: the last successful cryptographic operation with a key.
 *
 * @param operation its AWS name ({@code KeyLastUsageTrackingOperation}: Encrypt, Sign, ...)
 * @param timestamp when it was served (its audit record's eventTime)
 * @param cloudTrailEventId the eventID of its audit record
 * @param kmsRequestId its request id (the audit record's requestID)
 */
public record KeyLastUsageData(
    String operation, Instant timestamp, String cloudTrailEventId, String kmsRequestId) {}
