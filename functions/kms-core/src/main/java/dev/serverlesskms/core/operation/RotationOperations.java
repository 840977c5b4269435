package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.DisableKeyRotationRequest;
import dev.serverlesskms.core.api.EmptyResponse;
import dev.serverlesskms.core.api.EnableKeyRotationRequest;
import dev.serverlesskms.core.api.GetKeyRotationStatusRequest;
import dev.serverlesskms.core.api.GetKeyRotationStatusResponse;
import dev.serverlesskms.core.api.ListKeyRotationsRequest;
import dev.serverlesskms.core.api.ListKeyRotationsResponse;
import dev.serverlesskms.core.api.RotateKeyOnDemandRequest;
import dev.serverlesskms.core.api.RotateKeyOnDemandResponse;
import dev.serverlesskms.core.api.RotationsListEntry;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KeyVersion;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.RotationSchedule;
import dev.serverlesskms.core.model.RotationType;
import dev.serverlesskms.core.operation.KeyResolver.Aliases;
import dev.serverlesskms.core.port.Enclave;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * KMS {@code EnableKeyRotation}, {@code DisableKeyRotation}, {@code GetKeyRotationStatus}, {@code
 * RotateKeyOnDemand} and {@code ListKeyRotations}. A rotation adds a key version that new
 * encryptions use; every older version keeps decrypting. Automatic rotations are made by the
 * scheduled {@link dev.serverlesskms.core.lifecycle.KeyLifecycleJob}.
 *
 * <p>Errors: UnsupportedOperationException (asymmetric, HMAC, imported keys), DisabledException,
 * KMSInvalidStateException, ValidationException (period 90..2560), LimitExceededException (25
 * on-demand rotations), ConflictException (an automatic rotation due within 20 minutes).
 */
final class RotationOperations {
  /** AWS refuses an on-demand rotation this close to an automatic one. */
  static final Duration AUTOMATIC_ROTATION_GUARD = Duration.ofMinutes(20);

  private final KeyResolver resolver;
  private final KeyUpdater updater;
  private final Enclave enclave;

  RotationOperations(KeyResolver resolver, KeyUpdater updater, Enclave enclave) {
    this.resolver = resolver;
    this.updater = updater;
    this.enclave = enclave;
  }

  EmptyResponse enable(EnableKeyRotationRequest request, OperationContext context) {
    int period =
        Validation.range(
                    request.rotationPeriodInDays(),
                    RotationRules.MIN_PERIOD_DAYS,
                    RotationRules.MAX_PERIOD_DAYS,
                    "rotationPeriodInDays")
                == null
            ? RotationSchedule.DEFAULT_PERIOD_DAYS
            : request.rotationPeriodInDays();
    KeyId keyId = resolver.resolveId(request.keyId(), "keyId", Aliases.NOT_ALLOWED);
    context.touched(
        updater.update(
            keyId,
            key -> {
              RotationRules.requireRotatable(key);
              RotationRules.requireChangeableRotation(key);
              RotationSchedule current = key.rotation();
              Instant next =
                  current.enabled()
                      ? latest(
                          key.primaryVersion().createdAt().plus(Duration.ofDays(period)),
                          context.now())
                      : context.now().plus(Duration.ofDays(period));
              RotationSchedule changed =
                  new RotationSchedule(
                      true,
                      period,
                      next,
                      current.onDemandRotationStartDate(),
                      current.onDemandRotations());
              return changed.equals(current) ? key : key.toBuilder().rotation(changed).build();
            }));
    return EmptyResponse.INSTANCE;
  }

  EmptyResponse disable(DisableKeyRotationRequest request, OperationContext context) {
    KeyId keyId = resolver.resolveId(request.keyId(), "keyId", Aliases.NOT_ALLOWED);
    context.touched(
        updater.update(
            keyId,
            key -> {
              RotationRules.requireRotatable(key);
              RotationRules.requireChangeableRotation(key);
              RotationSchedule current = key.rotation();
              if (!current.enabled()) {
                return key;
              }
              return key.toBuilder()
                  .rotation(
                      new RotationSchedule(
                          false,
                          current.periodInDays(),
                          null,
                          current.onDemandRotationStartDate(),
                          current.onDemandRotations()))
                  .build();
            }));
    return EmptyResponse.INSTANCE;
  }

  GetKeyRotationStatusResponse status(
      GetKeyRotationStatusRequest request, OperationContext context) {
    KmsKey key = resolver.resolve(request.keyId(), "keyId", Aliases.NOT_ALLOWED);
    context.touched(key);
    RotationRules.requireRotatable(key);
    RotationSchedule rotation = key.rotation();
    // While a key is pending deletion AWS reports rotation as off; it comes back on cancellation.
    boolean enabled = rotation.enabled() && key.state() != KeyState.PENDING_DELETION;
    return new GetKeyRotationStatusResponse(
        enabled,
        key.arn(),
        enabled ? rotation.periodInDays() : null,
        enabled ? rotation.nextRotationDate() : null,
        rotation.onDemandRotationStartDate());
  }

  RotateKeyOnDemandResponse rotateOnDemand(
      RotateKeyOnDemandRequest request, OperationContext context) {
    KeyId keyId = resolver.resolveId(request.keyId(), "keyId", Aliases.NOT_ALLOWED);
    KmsKey rotated =
        updater.update(
            keyId,
            key -> {
              RotationRules.requireRotatable(key);
              RotationRules.requireChangeableRotation(key);
              RotationSchedule rotation = key.rotation();
              if (rotation.onDemandRotations() >= RotationRules.MAX_ON_DEMAND_ROTATIONS) {
                throw KmsException.of(
                    KmsErrorType.LIMIT_EXCEEDED,
                    "The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be"
                        + " performed for this key: "
                        + key.arn());
              }
              if (rotation.enabled()
                  && rotation.nextRotationDate() != null
                  && !rotation
                      .nextRotationDate()
                      .isAfter(context.now().plus(AUTOMATIC_ROTATION_GUARD))) {
                throw KmsException.of(
                    KmsErrorType.CONFLICT,
                    key.arn()
                        + " has an automatic rotation in progress or scheduled within 20 minutes. Try again later.");
              }
              Enclave.NewKeyVersion material =
                  enclave.generateKeyVersion(
                      new KeyVersionRef(key.keyId(), key.versions().size() + 1));
              return key
                  .withNewVersion(
                      material.material(),
                      material.materialId(),
                      context.now(),
                      RotationType.ON_DEMAND)
                  .toBuilder()
                  .rotation(
                      new RotationSchedule(
                          rotation.enabled(),
                          rotation.periodInDays(),
                          rotation.nextRotationDate(),
                          context.now(),
                          rotation.onDemandRotations() + 1))
                  .build();
            });
    context.touched(rotated);
    return new RotateKeyOnDemandResponse(rotated.arn());
  }

  ListKeyRotationsResponse list(ListKeyRotationsRequest request, OperationContext context) {
    int limit = Paging.limit(request.limit(), 100, 1000);
    String marker = Paging.marker(request.marker());
    boolean allMaterial = includeAllMaterial(request.includeKeyMaterial());
    KmsKey key = resolver.resolve(request.keyId(), "keyId", Aliases.NOT_ALLOWED);
    context.touched(key);
    if (key.keySpec() != dev.serverlesskms.core.model.KeySpec.SYMMETRIC_DEFAULT) {
      throw KmsException.of(KmsErrorType.UNSUPPORTED_OPERATION, "");
    }
    if (key.state() == KeyState.PENDING_IMPORT) {
      throw KmsException.of(KmsErrorType.INVALID_STATE, key.arn() + " is pending import.");
    }
    List<KeyVersion> versions =
        key.versions().stream().filter(v -> allMaterial || v.rotationType() != null).toList();
    int from = Paging.fromIndexMarker("rotations", marker, versions.size());
    int to = Math.min(versions.size(), from + limit);
    int primary = key.versions().isEmpty() ? 0 : key.primaryVersion().number();
    List<RotationsListEntry> entries =
        versions.subList(from, to).stream()
            .map(
                v ->
                    new RotationsListEntry(
                        key.arn(),
                        v.materialId(),
                        v.number() == primary ? "CURRENT" : "NON_CURRENT",
                        v.rotationType() == null ? null : v.createdAt(),
                        v.rotationType() == null ? null : v.rotationType().name()))
            .toList();
    boolean truncated = to < versions.size();
    return new ListKeyRotationsResponse(
        entries, truncated ? Paging.indexMarker("rotations", to) : null, truncated);
  }

  private static boolean includeAllMaterial(String includeKeyMaterial) {
    if (includeKeyMaterial == null || includeKeyMaterial.equals("ROTATIONS_ONLY")) {
      return false;
    }
    if (includeKeyMaterial.equals("ALL_KEY_MATERIAL")) {
      return true;
    }
    throw Validation.error(
        "Value '"
            + includeKeyMaterial
            + "' at 'includeKeyMaterial' failed to satisfy constraint:"
            + " Member must satisfy enum value set: [ALL_KEY_MATERIAL, ROTATIONS_ONLY]");
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
