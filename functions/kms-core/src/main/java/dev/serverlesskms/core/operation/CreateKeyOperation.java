package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.CreateKeyRequest;
import dev.serverlesskms.core.api.CreateKeyResponse;
import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.CustomKeyStore;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.KeyVersion;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.MultiRegion;
import dev.serverlesskms.core.model.Origin;
import dev.serverlesskms.core.model.Tags;
import dev.serverlesskms.core.policy.ConditionContext;
import dev.serverlesskms.core.policy.PolicyDocument;
import dev.serverlesskms.core.port.Enclave;
import dev.serverlesskms.core.port.KmsEnvironment;
import java.util.List;

/**
 * KMS {@code CreateKey}: a key of any spec this KMS offers (every AWS spec but SM2), with a key
 * usage its spec allows, whose first version the enclave generates, or, with Origin EXTERNAL, a key
 * waiting for imported material.
 *
 * <p>Without a {@code Policy} the key gets AWS's default key policy ({@link DefaultKeyPolicy}); a
 * given policy must be a key policy ({@link PolicyDocument}) and, unless {@code
 * BypassPolicyLockoutSafetyCheck}, let the caller call PutKeyPolicy on the new key.
 *
 * <p>With {@code MultiRegion} the key is a multi-Region primary ({@code mrk-} id) in this region,
 * of any spec and origin but not in a custom key store; ReplicateKey copies it to other regions.
 *
 * <p>Errors: ValidationException, TagException, UnsupportedOperationException (key specs and custom
 * key stores this KMS does not offer; a multi-Region key in a custom key store),
 * CustomKeyStoreNotFoundException, MalformedPolicyDocumentException (the policy's grammar; the
 * lockout safety check), LimitExceededException (the region holds its quota of customer managed
 * keys, {@link CustomerKeyQuota}). Audit event {@code CreateKey} with the new key's metadata,
 * committed with the key.
 */
final class CreateKeyOperation implements KmsOperation<CreateKeyRequest, CreateKeyResponse> {
  private final KmsEnvironment env;

  CreateKeyOperation(KmsEnvironment env) {
    this.env = env;
  }

  @Override
  public CreateKeyResponse execute(CreateKeyRequest request, OperationContext context) {
    Validation.length(request.description(), 0, 8192, "description");
    Validation.length(request.policy(), 1, 131072, "policy");
    Tags.validate(request.tags(), "tags");
    if (request.tags() != null) {
      Tags.requireWithinLimit(request.tags().size());
    }
    KeySpec keySpec = keySpec(request);
    KeyUsage keyUsage = keyUsage(keySpec, request.keyUsage());
    boolean multiRegion = Boolean.TRUE.equals(request.multiRegion());
    if (multiRegion && request.customKeyStoreId() != null) {
      // AWS: multi-Region keys cannot be created in a custom key store (message inferred).
      throw KmsException.of(
          KmsErrorType.UNSUPPORTED_OPERATION,
          "Multi-Region keys cannot be created in a custom key store.");
    }
    Origin origin = request.origin() == null ? Origin.AWS_KMS : request.origin();
    CustomKeyStoreKeys.validate(request.customKeyStoreId(), keySpec, keyUsage, origin);
    if (origin != Origin.AWS_KMS && origin != Origin.EXTERNAL && origin != Origin.AWS_CLOUDHSM) {
      throw KmsException.of(
          KmsErrorType.UNSUPPORTED_OPERATION,
          "Origin " + origin + " is not supported by this KMS.");
    }

    authorize(context, keySpec, keyUsage, origin, request);
    CustomKeyStore customKeyStore =
        request.customKeyStoreId() == null
            ? null
            : CustomKeyStoreKeys.storeFor(env, request.customKeyStoreId());
    KeyId keyId = multiRegion ? KeyId.randomMultiRegion() : KeyId.random();
    KmsKey.Builder key =
        KmsKey.builder()
            .keyId(keyId)
            .arn(env.location().keyArn(keyId))
            .creationDate(context.now())
            .description(request.description())
            .keySpec(keySpec)
            .keyUsage(keyUsage)
            .origin(origin)
            .policy(
                request.policy() != null
                    ? request.policy()
                    : DefaultKeyPolicy.forAccount(env.location()))
            .tags(request.tags())
            .multiRegion(multiRegion ? MultiRegion.primaryIn(env.location().region()) : null);
    if (request.policy() != null) {
      // Before the enclave makes material: the key as the policy will see it, without versions.
      KeyPolicies.validPolicy(request.policy(), "policy");
      KeyPolicies.requireNoLockout(key.build(), request.bypassPolicyLockoutSafetyCheck(), context);
    }
    if (origin == Origin.EXTERNAL) {
      key.state(KeyState.PENDING_IMPORT);
    } else {
      KeyVersionRef first = new KeyVersionRef(keyId, 1);
      // The symmetric path keeps the enclave call it always made; every other spec names itself;
      // a key in a custom key store is generated inside the store's token.
      Enclave.NewKeyVersion material;
      if (customKeyStore != null) {
        material = env.hsm().generateKey(customKeyStore, first);
      } else if (keySpec == KeySpec.SYMMETRIC_DEFAULT) {
        material = env.enclave().generateKeyVersion(first);
      } else {
        material = env.enclave().generateKeyVersion(first, keySpec);
      }
      key.customKeyStoreId(request.customKeyStoreId());
      key.state(KeyState.ENABLED)
          .versions(
              List.of(
                  new KeyVersion(
                      1, material.materialId(), material.material(), context.now(), null)));
    }
    KmsKey created = key.build();
    context.touched(created);
    CreateKeyResponse response =
        new CreateKeyResponse(
            KeyMetadataMapper.toMetadata(created, env.location(), customKeyStore));
    OutboxRecord record = context.successRecord(response);
    CustomerKeyQuota.create(env, created, record);
    context.committed(record);
    return response;
  }

  /**
   * CreateKey is IAM-only: an identity policy must allow it, with the new key's spec, usage and
   * origin as condition keys; tagging at creation takes kms:TagResource too, as in AWS.
   */
  private static void authorize(
      OperationContext context,
      KeySpec keySpec,
      KeyUsage keyUsage,
      Origin origin,
      CreateKeyRequest request) {
    ConditionContext conditions =
        ConditionContext.builder()
            .put("kms:KeySpec", keySpec.toString())
            .put("kms:KeyUsage", keyUsage.name())
            .put("kms:KeyOrigin", origin.name())
            .put("kms:MultiRegion", Boolean.toString(Boolean.TRUE.equals(request.multiRegion())))
            .put(
                "kms:BypassPolicyLockoutSafetyCheck",
                Boolean.toString(Boolean.TRUE.equals(request.bypassPolicyLockoutSafetyCheck())))
            .build();
    context.authorizeAccount(context.operation(), conditions);
    if (request.tags() != null && !request.tags().isEmpty()) {
      context.authorizeAccount("TagResource", conditions);
    }
  }

  /**
   * The key usage, by AWS's rules: each spec allows the usages {@link KeySpec#allowedUsages()}
   * lists; without a KeyUsage a key gets ENCRYPT_DECRYPT where its spec allows it (symmetric and
   * RSA keys), every other spec must name its usage.
   *
   * <p>Messages: "You must specify a KeyUsage value ..." is AWS's for an HMAC key without a usage
   * (AWS-validated in LocalStack's snapshot test_hmac_create_key_invalid_operations); this KMS
   * gives it for every spec whose usage cannot default (inferred for the ECC, Ed25519 and ML-DSA
   * specs, whose AWS answer is not on record). "KeyUsage X is not compatible with KeySpec Y" (no
   * final period) is AWS's (LocalStack snapshot test_derive_shared_secret, KEY_AGREEMENT with
   * RSA_2048).
   */
  private static KeyUsage keyUsage(KeySpec keySpec, KeyUsage requested) {
    if (requested == null) {
      if (!keySpec.allowedUsages().contains(KeyUsage.ENCRYPT_DECRYPT)) {
        throw Validation.plain(
            "You must specify a KeyUsage value for all KMS keys except for symmetric encryption"
                + " keys.");
      }
      return KeyUsage.ENCRYPT_DECRYPT;
    }
    if (!keySpec.allowedUsages().contains(requested)) {
      throw Validation.plain(
          "KeyUsage " + requested + " is not compatible with KeySpec " + keySpec);
    }
    return requested;
  }

  /**
   * KeySpec, or its deprecated twin CustomerMasterKeySpec; never both. SM2 exists only in AWS's
   * China Regions; elsewhere AWS answers UnsupportedOperationException "KeySpec SM2 is not
   * supported in this Region" (observed against us-east-1, floci-io/floci#3026).
   */
  private static KeySpec keySpec(CreateKeyRequest request) {
    if (request.keySpec() != null && request.customerMasterKeySpec() != null) {
      throw Validation.plain(
          "You cannot specify KeySpec and CustomerMasterKeySpec in the same request.");
    }
    KeySpec keySpec =
        request.keySpec() != null
            ? request.keySpec()
            : request.customerMasterKeySpec() != null
                ? request.customerMasterKeySpec()
                : KeySpec.SYMMETRIC_DEFAULT;
    if (!keySpec.offered()) {
      throw KmsException.of(
          KmsErrorType.UNSUPPORTED_OPERATION,
          "KeySpec " + keySpec + " is not supported in this Region");
    }
    return keySpec;
  }
}
