package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.EmptyResponse;
import dev.serverlesskms.core.api.ReplicateKeyRequest;
import dev.serverlesskms.core.api.ReplicateKeyResponse;
import dev.serverlesskms.core.api.UpdatePrimaryRegionRequest;
import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.core.model.MultiRegion;
import dev.serverlesskms.core.model.Tags;
import dev.serverlesskms.core.operation.KeyResolver.Aliases;
import dev.serverlesskms.core.port.KmsEnvironment;
import dev.serverlesskms.core.port.StoreConflictException;
import dev.serverlesskms.core.store.ChangeRecord;
import dev.serverlesskms.core.store.KeyUpdater;
import dev.serverlesskms.core.store.MultiRegionCopies;
import java.util.List;
import java.util.regex.Pattern;

/**
 * KMS {@code ReplicateKey} and {@code UpdatePrimaryRegion}: the operations that change which
 * regions hold a multi-Region key and which copy is its primary. Both are called in the primary's
 * region and reach the other regions through {@link KmsEnvironment#inRegion}; every copy keeps the
 * whole configuration ({@link MultiRegion}), so each change writes every copy, one after another
 * (the store has no transaction across regions): the order is chosen so that an interrupted request
 * leaves a state the same request, retried, completes or refuses cleanly.
 *
 * <p>Errors: ValidationException (region), NotFoundException, UnsupportedOperationException (not a
 * multi-Region primary), DisabledException and KMSInvalidStateException (AWS's key-state table),
 * AlreadyExistsException (a copy in that region), MalformedPolicyDocumentException, TagException,
 * LimitExceededException (the replica region's key quota).
 */
final class MultiRegionOperations {
  /** AWS's {@code RegionType}: 1 to 32 characters of this pattern. */
  private static final Pattern REGION = Pattern.compile("^([a-z]+-){2,3}\\d+$");

  private final KmsEnvironment env;
  private final KeyResolver resolver;
  private final MultiRegionCopies copies;

  MultiRegionOperations(KmsEnvironment env, KeyResolver resolver) {
    this.env = env;
    this.resolver = resolver;
    this.copies = new MultiRegionCopies(env);
  }

  /**
   * ReplicateKey. The primary is written first (its new replica region, under optimistic locking,
   * which decides a race between two ReplicateKey requests for one region), then the replica is
   * created in its region (with the request's audit record, under that region's key quota), then
   * the other replicas learn the new region. If the replica cannot be created, the primary's change
   * is undone.
   */
  ReplicateKeyResponse replicate(ReplicateKeyRequest request, OperationContext context) {
    String region = region(request.replicaRegion(), "replicaRegion");
    Validation.length(request.description(), 0, 8192, "description");
    Validation.length(request.policy(), 1, 131072, "policy");
    Tags.validate(request.tags(), "tags");
    if (request.tags() != null) {
      Tags.requireWithinLimit(request.tags().size());
    }
    KmsKey primary = resolver.resolve(request.keyId(), "keyId", Aliases.NOT_ALLOWED, context.now());
    context.touched(primary);
    context.authorize(primary);
    KmsEnvironment replicaEnv = env.inRegion(region);
    KmsLocation replicaLocation = replicaEnv.location();
    String replicaArn = replicaLocation.keyArn(primary.keyId());
    KmsKey withReplica = primary.addReplica(region, replicaArn);
    String policy =
        request.policy() != null
            ? KeyPolicies.validPolicy(request.policy(), "policy")
            : DefaultKeyPolicy.forAccount(replicaLocation);
    KmsKey replica =
        withReplica.replicaIn(
            region, replicaArn, context.now(), request.description(), policy, request.tags());
    if (request.policy() != null) {
      KeyPolicies.requireNoLockout(replica, request.bypassPolicyLockoutSafetyCheck(), context);
    }
    if (request.tags() != null && !request.tags().isEmpty()) {
      context.authorize("TagResource", replica);
    }

    KmsKey storedPrimary =
        new KeyUpdater(env.store())
            .update(primary.keyId(), key -> key.addReplica(region, replicaArn), sync(context))
            .orElseThrow(() -> resolver.keyDoesNotExist(primary.keyId()));
    context.touched(replicaArn);
    ReplicateKeyResponse response =
        new ReplicateKeyResponse(
            KeyMetadataMapper.toMetadata(replica, replicaLocation), policy, replica.tags());
    OutboxRecord record = context.successRecord(response);
    try {
      CustomerKeyQuota.create(replicaEnv, replica, record);
    } catch (KmsException e) {
      // LimitExceededException: the replica region holds its quota of keys already.
      copies.forgetReplica(replica, context.now(), sync(context));
      throw e;
    } catch (StoreConflictException e) {
      copies.forgetReplica(replica, context.now(), sync(context));
      throw KmsException.of(KmsErrorType.ALREADY_EXISTS, replicaArn + " already exists.");
    }
    context.committed(record);
    copies.configure(primary.keyId(), storedPrimary.multiRegion(), region, sync(context));
    return response;
  }

  /**
   * UpdatePrimaryRegion. The replica that becomes the primary is written first, then the old
   * primary (with the request's audit record), then the other replicas: interrupted after the first
   * write, the key has two copies that call themselves primary, and the same request retried in the
   * old primary's region completes the move.
   */
  EmptyResponse updatePrimaryRegion(UpdatePrimaryRegionRequest request, OperationContext context) {
    String region = region(request.primaryRegion(), "primaryRegion");
    KmsKey primary = resolver.resolve(request.keyId(), "keyId", Aliases.NOT_ALLOWED, context.now());
    context.touched(primary);
    context.authorize(primary);
    KmsEnvironment newPrimaryEnv = env.inRegion(region);
    KeyId keyId = primary.keyId();
    String newPrimaryArn = newPrimaryEnv.location().keyArn(keyId);
    MultiRegion configuration = primary.movePrimaryTo(region, newPrimaryArn).multiRegion();
    KmsKey newPrimary =
        newPrimaryEnv
            .store()
            .find(keyId)
            .orElseThrow(
                () ->
                    KmsException.of(
                        KmsErrorType.NOT_FOUND, "Key '" + newPrimaryArn + "' does not exist"));
    context.touched(newPrimary);
    // AWS requires kms:UpdatePrimaryRegion in both copies' policies.
    context.authorize(newPrimary);

    new KeyUpdater(newPrimaryEnv.store())
        .update(keyId, copy -> copy.withConfiguration(configuration), sync(context));
    new KeyUpdater(env.store())
        .update(
            keyId,
            key -> key.movePrimaryTo(region, newPrimaryArn),
            context.changeRecord(key -> EmptyResponse.INSTANCE))
        .orElseThrow(() -> resolver.keyDoesNotExist(keyId));
    copies.configure(keyId, configuration, region, sync(context));
    return EmptyResponse.INSTANCE;
  }

  /**
   * After a change of the primary's shared properties (rotation settings, a new version): every
   * replica gets them, each write with its own audit record.
   */
  void syncReplicas(KmsKey primary, OperationContext context) {
    copies.syncReplicas(primary, sync(context));
  }

  /** The audit records of the copies a request changes to follow another. */
  static ChangeRecord sync(OperationContext context) {
    return new ChangeRecord() {
      @Override
      public OutboxRecord of(KmsKey changed) {
        return context.sideRecord(MultiRegionCopies.EVENT, null, null, List.of(changed.arn()));
      }

      @Override
      public void committed(OutboxRecord record) {
        context.sideCommitted(record);
      }
    };
  }

  /** A region member: AWS's RegionType, and a region this KMS can name. */
  private static String region(String value, String member) {
    Validation.required(value, member);
    Validation.length(value, 1, 32, member);
    Validation.pattern(value, REGION, member);
    if (!KmsLocation.isRegion(value)) {
      throw Validation.error(
          "Value '"
              + Validation.echo(value)
              + "' at '"
              + member
              + "' failed to satisfy constraint: Member must satisfy regular expression pattern: "
              + REGION.pattern());
    }
    return value;
  }
}
