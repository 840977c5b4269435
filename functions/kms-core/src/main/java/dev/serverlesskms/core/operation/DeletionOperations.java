package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.CancelKeyDeletionRequest;
import dev.serverlesskms.core.api.CancelKeyDeletionResponse;
import dev.serverlesskms.core.api.ScheduleKeyDeletionRequest;
import dev.serverlesskms.core.api.ScheduleKeyDeletionResponse;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.operation.KeyResolver.Aliases;
import java.time.Duration;

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

  private final KeyResolver resolver;
  private final KeyUpdater updater;

  DeletionOperations(KeyResolver resolver, KeyUpdater updater) {
    this.resolver = resolver;
    this.updater = updater;
  }

  ScheduleKeyDeletionResponse schedule(
      ScheduleKeyDeletionRequest request, OperationContext context) {
    Validation.range(request.pendingWindowInDays(), 7, 30, "pendingWindowInDays");
    int window =
        request.pendingWindowInDays() == null ? DEFAULT_WINDOW_DAYS : request.pendingWindowInDays();
    KeyId keyId = resolver.resolveId(request.keyId(), "keyId", Aliases.NOT_ALLOWED);
    KmsKey scheduled =
        updater.update(
            keyId,
            key -> {
              key.requireNotPendingDeletion();
              return key.toBuilder()
                  .state(KeyState.PENDING_DELETION)
                  .deletionDate(context.now().plus(Duration.ofDays(window)))
                  .pendingWindowInDays(window)
                  .build();
            });
    context.touched(scheduled);
    return new ScheduleKeyDeletionResponse(
        scheduled.arn(),
        scheduled.deletionDate(),
        scheduled.state(),
        scheduled.pendingWindowInDays());
  }

  CancelKeyDeletionResponse cancel(CancelKeyDeletionRequest request, OperationContext context) {
    KeyId keyId = resolver.resolveId(request.keyId(), "keyId", Aliases.NOT_ALLOWED);
    KmsKey cancelled =
        updater.update(
            keyId,
            key -> {
              if (key.state() != KeyState.PENDING_DELETION) {
                throw KmsException.of(
                    KmsErrorType.INVALID_STATE, key.arn() + " is not pending deletion.");
              }
              // A key whose imported material is gone goes back to waiting for it, not to Disabled.
              KeyState back =
                  key.versions().isEmpty() ? KeyState.PENDING_IMPORT : KeyState.DISABLED;
              return key.toBuilder()
                  .state(back)
                  .deletionDate(null)
                  .pendingWindowInDays(null)
                  .build();
            });
    context.touched(cancelled);
    return new CancelKeyDeletionResponse(cancelled.arn());
  }
}
