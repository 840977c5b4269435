package dev.serverlesskms.audit.kinesis;

import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.audit.AuditUnavailableException;
import java.util.List;

/**
 * Chooses the Kinesis partition key of an audit record.
 *
 * <p>The key id of the first resource the event touched (the part after {@code key/} of its ARN),
 * so that all records of one KMS key land on one shard, in the order they were written: a consumer
 * can follow a key's history without re-sorting. An event that touched no key ({@code ListKeys},
 * {@code GenerateRandom}, a request refused before its key was resolved) has no such order to keep;
 * it is keyed by its request id, else its event id, which is stable for the record (a retried put
 * lands on the same shard) and spreads those records over all shards.
 *
 * <p>Kinesis takes partition keys of 1 to 256 Unicode characters. A candidate outside that range is
 * skipped rather than shortened; if no candidate fits, the record cannot be routed and the request
 * fails (fail-closed), which with ids KMS itself generates does not happen.
 */
final class AuditPartitionKey {
  /** Kinesis' limit on a partition key, in Unicode code points. */
  static final int MAX_CODE_POINTS = 256;

  private static final String KEY_RESOURCE = "key/";

  /** {@code arn}, partition, service, region, account, resource. */
  private static final int ARN_PARTS = 6;

  private AuditPartitionKey() {}

  /**
   * The partition key of {@code event}.
   *
   * @throws AuditUnavailableException if neither its key id, request id nor event id is a valid key
   */
  static String of(AuditEvent event) {
    for (String candidate :
        List.of(keyId(event), nullToEmpty(event.requestId()), event.eventId())) {
      if (fits(candidate)) {
        return candidate;
      }
    }
    throw new AuditUnavailableException(
        "the audit record of "
            + event.eventName()
            + " (eventID "
            + event.eventId()
            + ") has no key id, request id or event id of 1 to "
            + MAX_CODE_POINTS
            + " characters to use as its Kinesis partition key",
        null);
  }

  /**
   * The id after {@code key/} in the first resource's ARN ({@code
   * arn:partition:kms:region:account:key/id}), or {@code ""} if that resource is not a key ARN (an
   * alias ARN, say).
   */
  private static String keyId(AuditEvent event) {
    if (event.resources().isEmpty() || event.resources().get(0).arn() == null) {
      return "";
    }
    String[] parts = event.resources().get(0).arn().split(":", ARN_PARTS);
    if (parts.length < ARN_PARTS || !parts[ARN_PARTS - 1].startsWith(KEY_RESOURCE)) {
      return "";
    }
    return parts[ARN_PARTS - 1].substring(KEY_RESOURCE.length());
  }

  private static boolean fits(String candidate) {
    if (candidate.isBlank()) {
      return false;
    }
    return candidate.codePointCount(0, candidate.length()) <= MAX_CODE_POINTS;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
