package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.CancelKeyDeletionRequest;
import dev.serverlesskms.core.api.CancelKeyDeletionResponse;
import dev.serverlesskms.core.api.ScheduleKeyDeletionRequest;
import dev.serverlesskms.core.api.ScheduleKeyDeletionResponse;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.KmsKey;

/**
 * KMS {@code ScheduleKeyDeletion} and {@code CancelKeyDeletion}. Deletion takes two steps, as in
 * AWS: scheduling only marks the key (7 to 30 days, default 30); the scheduled {@link
 * dev.serverlesskms.core.lifecycle.KeyLifecycleJob} deletes it, with its versions and aliases, once
 * its date has come. Cancelling puts the key back as Disabled.
 *
 * <p>Errors: ValidationException (window), NotFoundException, KMSInvalidStateException (scheduling
 * a key already pending deletion; cancelling one that is not).
 */
final class DeletionOperations {
  static final int DEFAULT_WINDOW_DAYS = 30;

  private final KeyChanges changes;

  DeletionOperations(KeyChanges changes) {
    this.changes = changes;
  }

  ScheduleKeyDeletionResponse schedule(
      ScheduleKeyDeletionRequest request, OperationContext context) {
    Validation.range(request.pendingWindowInDays(), 7, 30, "pendingWindowInDays");
    int window =
        request.pendingWindowInDays() == null ? DEFAULT_WINDOW_DAYS : request.pendingWindowInDays();
    return changes.apply(
        request.keyId(),
        context,
        key -> key.scheduleDeletion(context.now(), window),
        scheduled ->
            new ScheduleKeyDeletionResponse(
                scheduled.arn(),
                scheduled.deletionDate(),
                scheduled.state(),
                scheduled.pendingWindowInDays()));
  }

  CancelKeyDeletionResponse cancel(CancelKeyDeletionRequest request, OperationContext context) {
    return changes.apply(
        request.keyId(),
        context,
        KmsKey::cancelDeletion,
        cancelled -> new CancelKeyDeletionResponse(cancelled.arn()));
  }
}
