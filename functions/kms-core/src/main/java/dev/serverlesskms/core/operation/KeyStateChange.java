package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.DisableKeyRequest;
import dev.serverlesskms.core.api.EmptyResponse;
import dev.serverlesskms.core.api.EnableKeyRequest;
import dev.serverlesskms.core.api.UpdateKeyDescriptionRequest;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.operation.KeyResolver.Aliases;

/**
 * KMS {@code EnableKey}, {@code DisableKey} and {@code UpdateKeyDescription}: small metadata
 * changes under optimistic locking. They take a key id or key ARN (no alias), and refuse a key
 * pending deletion (KMSInvalidStateException); Enable/Disable also refuse a key pending import.
 */
final class KeyStateChange {
  private final KeyResolver resolver;
  private final KeyUpdater updater;

  KeyStateChange(KeyResolver resolver, KeyUpdater updater) {
    this.resolver = resolver;
    this.updater = updater;
  }

  EmptyResponse enable(EnableKeyRequest request, OperationContext context) {
    changeState(request.keyId(), KeyState.ENABLED, context);
    return EmptyResponse.INSTANCE;
  }

  EmptyResponse disable(DisableKeyRequest request, OperationContext context) {
    changeState(request.keyId(), KeyState.DISABLED, context);
    return EmptyResponse.INSTANCE;
  }

  EmptyResponse updateDescription(UpdateKeyDescriptionRequest request, OperationContext context) {
    Validation.required(request.description(), "description");
    Validation.length(request.description(), 0, 8192, "description");
    KeyId keyId = resolver.resolveId(request.keyId(), "keyId", Aliases.NOT_ALLOWED);
    KmsKey updated =
        updater.update(
            keyId,
            key -> {
              key.requireNotPendingDeletion();
              return key.description().equals(request.description())
                  ? key
                  : key.toBuilder().description(request.description()).build();
            });
    context.touched(updated);
    return EmptyResponse.INSTANCE;
  }

  private void changeState(String keyIdMember, KeyState target, OperationContext context) {
    KeyId keyId = resolver.resolveId(keyIdMember, "keyId", Aliases.NOT_ALLOWED);
    KmsKey updated =
        updater.update(
            keyId,
            key -> {
              key.requireNotPendingDeletion();
              if (key.state() == KeyState.PENDING_IMPORT) {
                throw KmsException.of(
                    KmsErrorType.INVALID_STATE, key.arn() + " is pending import.");
              }
              return key.state() == target ? key : key.toBuilder().state(target).build();
            });
    context.touched(updated);
  }
}
