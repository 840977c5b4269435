package dev.serverlesskms.store.dynamodb;

import dev.serverlesskms.core.port.StoreConflictException;
import dev.serverlesskms.core.port.StoreUnavailableException;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Turns SDK failures into the port's two exceptions. A write that lost a race becomes {@link
 * StoreConflictException}: a transaction cancelled only because a condition failed ({@code
 * ConditionalCheckFailed}) or because another transaction held one of its items ({@code
 * TransactionConflict}); DynamoDB wrote nothing in either case, so the caller may re-read and
 * retry. Everything else (throttling, validation, a missing table, network trouble: {@code
 * SdkClientException}, other {@code DynamoDbException}s) becomes {@link StoreUnavailableException}.
 */
final class StoreErrors {
  private static final List<String> LOST_RACE =
      List.of("ConditionalCheckFailed", "TransactionConflict");
  private static final String NOTHING_TO_REPORT = "None";

  static final String CONDITION_FAILED = "ConditionalCheckFailed";
  static final String TRANSACTION_CONFLICT = "TransactionConflict";

  private StoreErrors() {}

  /** The cancellation reason of each item, in the transaction's order (empty if none given). */
  static List<String> reasonCodes(TransactionCanceledException e) {
    return e.hasCancellationReasons()
        ? e.cancellationReasons().stream().map(CancellationReason::code).toList()
        : List.of();
  }

  /**
   * Whether a transaction was cancelled only because others held its items: nothing was written,
   * and the same transaction may be sent again.
   */
  static boolean onlyConflicts(List<String> reasons) {
    return reasons.contains(TRANSACTION_CONFLICT)
        && reasons.stream()
            .allMatch(
                code ->
                    code == null
                        || NOTHING_TO_REPORT.equals(code)
                        || TRANSACTION_CONFLICT.equals(code));
  }

  /** A short random pause before sending a conflicted transaction again (grows per attempt). */
  static void pause(int attempt) {
    try {
      Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(5, 20L * attempt + 6));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted", e);
    }
  }

  static RuntimeException translate(SdkException e, String what) {
    if (e instanceof TransactionCanceledException cancelled && lostRace(cancelled)) {
      return new StoreConflictException(
          what + ": lost a race (" + reasons(cancelled) + "); nothing was written");
    }
    if (e instanceof ConditionalCheckFailedException) {
      return new StoreConflictException(what + ": condition failed; nothing was written");
    }
    return new StoreUnavailableException(what + " failed", e);
  }

  /** Whether every reason given is a lost race (or "None" for the items that were fine). */
  private static boolean lostRace(TransactionCanceledException e) {
    if (!e.hasCancellationReasons() || e.cancellationReasons().isEmpty()) {
      // Without reasons only the message tells; it lists them, e.g. "[None,
      // ConditionalCheckFailed]".
      String message = String.valueOf(e.getMessage());
      return LOST_RACE.stream().anyMatch(message::contains);
    }
    boolean anyLost = false;
    for (CancellationReason reason : e.cancellationReasons()) {
      String code = reason.code();
      if (LOST_RACE.contains(code)) {
        anyLost = true;
      } else if (code != null && !NOTHING_TO_REPORT.equals(code)) {
        return false;
      }
    }
    return anyLost;
  }

  private static String reasons(TransactionCanceledException e) {
    return e.hasCancellationReasons()
        ? e.cancellationReasons().stream().map(CancellationReason::code).toList().toString()
        : String.valueOf(e.getMessage());
  }
}
