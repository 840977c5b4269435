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
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KeyVersion;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.RotationSchedule;
import dev.serverlesskms.core.operation.KeyResolver.Aliases;
import dev.serverlesskms.core.port.Enclave;
import java.util.List;

/**
 * KMS {@code EnableKeyRotation}, {@code DisableKeyRotation}, {@code GetKeyRotationStatus}, {@code
 * RotateKeyOnDemand} and {@code ListKeyRotations}. A rotation adds a key version that new
 * encryptions use; every older version keeps decrypting. Automatic rotations are made by the
 * scheduled {@link dev.serverlesskms.core.lifecycle.KeyLifecycleJob}. A multi-Region key's rotation
 * is its primary's: changes are refused on a replica and copied from the primary to every replica.
 *
 * <p>Errors: UnsupportedOperationException (asymmetric, HMAC, imported keys), DisabledException,
 * KMSInvalidStateException, ValidationException (period 90..2560), LimitExceededException (25
 * on-demand rotations), ConflictException (an automatic rotation due within 20 minutes).
 */
final class RotationOperations {
  private final KeyResolver resolver;
  private final KeyChanges changes;
  private final Enclave enclave;
  private final MultiRegionOperations multiRegion;

  /**
   * @param multiRegion brings a multi-Region primary's replicas its rotation changes (settings and
   *     new versions are shared properties)
   */
  RotationOperations(
      KeyResolver resolver,
      KeyChanges changes,
      Enclave enclave,
      MultiRegionOperations multiRegion) {
    this.resolver = resolver;
    this.changes = changes;
    this.enclave = enclave;
    this.multiRegion = multiRegion;
  }

  EmptyResponse enable(EnableKeyRotationRequest request, OperationContext context) {
    int period =
        Validation.range(
                    request.rotationPeriodInDays(),
                    RotationSchedule.MIN_PERIOD_DAYS,
                    RotationSchedule.MAX_PERIOD_DAYS,
                    "rotationPeriodInDays")
                == null
            ? RotationSchedule.DEFAULT_PERIOD_DAYS
            : request.rotationPeriodInDays();
    return changes.apply(
        request.keyId(),
        context,
        key -> key.enableRotation(period, context.now()),
        key -> EmptyResponse.INSTANCE,
        key -> multiRegion.syncReplicas(key, context));
  }

  EmptyResponse disable(DisableKeyRotationRequest request, OperationContext context) {
    return changes.apply(
        request.keyId(),
        context,
        KmsKey::disableRotation,
        key -> EmptyResponse.INSTANCE,
        key -> multiRegion.syncReplicas(key, context));
  }

  GetKeyRotationStatusResponse status(
      GetKeyRotationStatusRequest request, OperationContext context) {
    KmsKey key = resolver.resolve(request.keyId(), "keyId", Aliases.NOT_ALLOWED, context.now());
    context.touched(key);
    context.authorize(key);
    key.requireRotatable();
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
    return changes.apply(
        request.keyId(),
        context,
        key -> key.rotateOnDemand(context.now(), enclave::generateKeyVersion),
        rotated -> new RotateKeyOnDemandResponse(rotated.arn()),
        rotated -> multiRegion.syncReplicas(rotated, context));
  }

  ListKeyRotationsResponse list(ListKeyRotationsRequest request, OperationContext context) {
    int limit = Paging.limit(request.limit(), 100, 1000);
    String marker = Paging.marker(request.marker());
    boolean allMaterial = includeAllMaterial(request.includeKeyMaterial());
    KmsKey key = resolver.resolve(request.keyId(), "keyId", Aliases.NOT_ALLOWED, context.now());
    context.touched(key);
    context.authorize(key);
    key.requireMaterialListable();
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
    throw Validation.notInEnum(
        includeKeyMaterial, "includeKeyMaterial", "[ALL_KEY_MATERIAL, ROTATIONS_ONLY]");
  }
}
