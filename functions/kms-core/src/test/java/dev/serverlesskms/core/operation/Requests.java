package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.CancelKeyDeletionRequest;
import dev.serverlesskms.core.api.CreateAliasRequest;
import dev.serverlesskms.core.api.CreateKeyRequest;
import dev.serverlesskms.core.api.DecryptRequest;
import dev.serverlesskms.core.api.DeleteAliasRequest;
import dev.serverlesskms.core.api.DeleteImportedKeyMaterialRequest;
import dev.serverlesskms.core.api.DescribeKeyRequest;
import dev.serverlesskms.core.api.DisableKeyRequest;
import dev.serverlesskms.core.api.DisableKeyRotationRequest;
import dev.serverlesskms.core.api.EnableKeyRequest;
import dev.serverlesskms.core.api.EnableKeyRotationRequest;
import dev.serverlesskms.core.api.EncryptRequest;
import dev.serverlesskms.core.api.GenerateDataKeyRequest;
import dev.serverlesskms.core.api.GenerateDataKeyWithoutPlaintextRequest;
import dev.serverlesskms.core.api.GenerateRandomRequest;
import dev.serverlesskms.core.api.GetKeyPolicyRequest;
import dev.serverlesskms.core.api.GetKeyRotationStatusRequest;
import dev.serverlesskms.core.api.GetParametersForImportRequest;
import dev.serverlesskms.core.api.GetPublicKeyRequest;
import dev.serverlesskms.core.api.ImportKeyMaterialRequest;
import dev.serverlesskms.core.api.ListAliasesRequest;
import dev.serverlesskms.core.api.ListKeyPoliciesRequest;
import dev.serverlesskms.core.api.ListKeyRotationsRequest;
import dev.serverlesskms.core.api.ListKeysRequest;
import dev.serverlesskms.core.api.ListResourceTagsRequest;
import dev.serverlesskms.core.api.PutKeyPolicyRequest;
import dev.serverlesskms.core.api.ReEncryptRequest;
import dev.serverlesskms.core.api.RotateKeyOnDemandRequest;
import dev.serverlesskms.core.api.ScheduleKeyDeletionRequest;
import dev.serverlesskms.core.api.SignRequest;
import dev.serverlesskms.core.api.TagResourceRequest;
import dev.serverlesskms.core.api.UntagResourceRequest;
import dev.serverlesskms.core.api.UpdateAliasRequest;
import dev.serverlesskms.core.api.UpdateKeyDescriptionRequest;
import dev.serverlesskms.core.api.VerifyRequest;
import dev.serverlesskms.core.model.DataKeySpec;
import dev.serverlesskms.core.model.EncryptionAlgorithm;
import dev.serverlesskms.core.model.ExpirationModel;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.MessageType;
import dev.serverlesskms.core.model.Origin;
import dev.serverlesskms.core.model.SigningAlgorithm;
import dev.serverlesskms.core.model.Tag;
import dev.serverlesskms.core.model.WrappingAlgorithm;
import dev.serverlesskms.core.model.WrappingKeySpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Requests as tests write them: the members a test cares about, every other member absent (as an
 * SDK call that does not set them sends them). Requests with many members have small builders.
 */
final class Requests {
  private Requests() {}

  // --- keys

  static CreateKey createKey() {
    return new CreateKey();
  }

  static DescribeKeyRequest describeKey(String keyId) {
    return new DescribeKeyRequest(keyId, null);
  }

  static ListKeysRequest listKeys(Integer limit, String marker) {
    return new ListKeysRequest(limit, marker);
  }

  static EnableKeyRequest enableKey(String keyId) {
    return new EnableKeyRequest(keyId);
  }

  static DisableKeyRequest disableKey(String keyId) {
    return new DisableKeyRequest(keyId);
  }

  static UpdateKeyDescriptionRequest updateKeyDescription(String keyId, String description) {
    return new UpdateKeyDescriptionRequest(keyId, description);
  }

  // --- cryptography

  static EncryptRequest encrypt(String keyId, byte[] plaintext) {
    return new EncryptRequest(keyId, plaintext, null, null, null, null);
  }

  static EncryptRequest encrypt(String keyId, byte[] plaintext, Map<String, String> context) {
    return new EncryptRequest(keyId, plaintext, context, null, null, null);
  }

  static DecryptRequest decrypt(byte[] blob) {
    return new DecryptRequest(blob, null, null, null, null, null);
  }

  static DecryptRequest decrypt(byte[] blob, Map<String, String> context) {
    return new DecryptRequest(blob, context, null, null, null, null);
  }

  static DecryptRequest decrypt(byte[] blob, Map<String, String> context, String keyId) {
    return new DecryptRequest(blob, context, null, keyId, null, null);
  }

  static ReEncryptRequest reEncrypt(
      byte[] blob, Map<String, String> sourceContext, String destinationKeyId) {
    return new ReEncryptRequest(
        blob, sourceContext, null, destinationKeyId, null, null, null, null, null);
  }

  // --- signing and asymmetric keys

  static SignRequest sign(
      String keyId, byte[] message, MessageType messageType, SigningAlgorithm algorithm) {
    return new SignRequest(keyId, message, messageType, null, algorithm, null);
  }

  static VerifyRequest verify(
      String keyId,
      byte[] message,
      MessageType messageType,
      byte[] signature,
      SigningAlgorithm algorithm) {
    return new VerifyRequest(keyId, message, messageType, signature, algorithm, null, null);
  }

  static GetPublicKeyRequest getPublicKey(String keyId) {
    return new GetPublicKeyRequest(keyId, null);
  }

  static EncryptRequest encryptWith(String keyId, byte[] plaintext, EncryptionAlgorithm algorithm) {
    return new EncryptRequest(keyId, plaintext, null, null, algorithm, null);
  }

  static DecryptRequest decryptWith(byte[] blob, String keyId, EncryptionAlgorithm algorithm) {
    return new DecryptRequest(blob, null, null, keyId, algorithm, null);
  }

  static GenerateDataKeyRequest generateDataKey(
      String keyId, Integer numberOfBytes, DataKeySpec keySpec) {
    return new GenerateDataKeyRequest(keyId, null, numberOfBytes, keySpec, null, null);
  }

  static GenerateDataKeyWithoutPlaintextRequest generateDataKeyWithoutPlaintext(
      String keyId, Integer numberOfBytes, DataKeySpec keySpec) {
    return new GenerateDataKeyWithoutPlaintextRequest(
        keyId, null, numberOfBytes, keySpec, null, null);
  }

  static GenerateRandomRequest generateRandom(Integer numberOfBytes) {
    return new GenerateRandomRequest(numberOfBytes, null);
  }

  // --- aliases

  static CreateAliasRequest createAlias(String aliasName, String targetKeyId) {
    return new CreateAliasRequest(aliasName, targetKeyId);
  }

  static UpdateAliasRequest updateAlias(String aliasName, String targetKeyId) {
    return new UpdateAliasRequest(aliasName, targetKeyId);
  }

  static DeleteAliasRequest deleteAlias(String aliasName) {
    return new DeleteAliasRequest(aliasName);
  }

  static ListAliasesRequest listAliases(String keyId, Integer limit, String marker) {
    return new ListAliasesRequest(keyId, limit, marker);
  }

  // --- tags

  static TagResourceRequest tagResource(String keyId, Tag... tags) {
    return new TagResourceRequest(keyId, List.of(tags));
  }

  static UntagResourceRequest untagResource(String keyId, String... tagKeys) {
    return new UntagResourceRequest(keyId, List.of(tagKeys));
  }

  static ListResourceTagsRequest listResourceTags(String keyId, Integer limit, String marker) {
    return new ListResourceTagsRequest(keyId, limit, marker);
  }

  static Tag tag(String key, String value) {
    return new Tag(key, value);
  }

  // --- rotation

  static EnableKeyRotationRequest enableKeyRotation(String keyId, Integer periodInDays) {
    return new EnableKeyRotationRequest(keyId, periodInDays);
  }

  static DisableKeyRotationRequest disableKeyRotation(String keyId) {
    return new DisableKeyRotationRequest(keyId);
  }

  static GetKeyRotationStatusRequest getKeyRotationStatus(String keyId) {
    return new GetKeyRotationStatusRequest(keyId);
  }

  static RotateKeyOnDemandRequest rotateKeyOnDemand(String keyId) {
    return new RotateKeyOnDemandRequest(keyId);
  }

  static ListKeyRotationsRequest listKeyRotations(
      String keyId, String includeKeyMaterial, Integer limit, String marker) {
    return new ListKeyRotationsRequest(keyId, includeKeyMaterial, limit, marker);
  }

  static ListKeyRotationsRequest listKeyRotations(String keyId) {
    return listKeyRotations(keyId, null, null, null);
  }

  // --- deletion

  static ScheduleKeyDeletionRequest scheduleKeyDeletion(String keyId, Integer windowInDays) {
    return new ScheduleKeyDeletionRequest(keyId, windowInDays);
  }

  static CancelKeyDeletionRequest cancelKeyDeletion(String keyId) {
    return new CancelKeyDeletionRequest(keyId);
  }

  // --- import

  static GetParametersForImportRequest getParametersForImport(
      String keyId, WrappingAlgorithm algorithm, WrappingKeySpec spec) {
    return new GetParametersForImportRequest(keyId, algorithm, spec);
  }

  static ImportMaterial importKeyMaterial(String keyId) {
    return new ImportMaterial(keyId);
  }

  static DeleteImportedKeyMaterialRequest deleteImportedKeyMaterial(String keyId) {
    return new DeleteImportedKeyMaterialRequest(keyId, null);
  }

  // --- key policies

  static GetKeyPolicyRequest getKeyPolicy(String keyId) {
    return new GetKeyPolicyRequest(keyId, null);
  }

  static GetKeyPolicyRequest getKeyPolicy(String keyId, String policyName) {
    return new GetKeyPolicyRequest(keyId, policyName);
  }

  static PutKeyPolicyRequest putKeyPolicy(String keyId, String policy) {
    return new PutKeyPolicyRequest(keyId, null, policy, null);
  }

  static PutKeyPolicyRequest putKeyPolicy(
      String keyId, String policyName, String policy, Boolean bypassPolicyLockoutSafetyCheck) {
    return new PutKeyPolicyRequest(keyId, policyName, policy, bypassPolicyLockoutSafetyCheck);
  }

  static ListKeyPoliciesRequest listKeyPolicies(String keyId, Integer limit, String marker) {
    return new ListKeyPoliciesRequest(keyId, limit, marker);
  }

  /** A CreateKey request; nothing set means a symmetric encryption key with AWS's defaults. */
  static final class CreateKey {
    private String policy;
    private String description;
    private KeyUsage keyUsage;
    private KeySpec customerMasterKeySpec;
    private KeySpec keySpec;
    private Origin origin;
    private String customKeyStoreId;
    private List<Tag> tags;
    private Boolean multiRegion;
    private Boolean bypassPolicyLockoutSafetyCheck;

    CreateKey bypassPolicyLockoutSafetyCheck(Boolean value) {
      bypassPolicyLockoutSafetyCheck = value;
      return this;
    }

    CreateKey policy(String value) {
      policy = value;
      return this;
    }

    CreateKey description(String value) {
      description = value;
      return this;
    }

    CreateKey keyUsage(KeyUsage value) {
      keyUsage = value;
      return this;
    }

    CreateKey customerMasterKeySpec(KeySpec value) {
      customerMasterKeySpec = value;
      return this;
    }

    CreateKey keySpec(KeySpec value) {
      keySpec = value;
      return this;
    }

    CreateKey origin(Origin value) {
      origin = value;
      return this;
    }

    CreateKey customKeyStoreId(String value) {
      customKeyStoreId = value;
      return this;
    }

    CreateKey tags(List<Tag> value) {
      tags = value;
      return this;
    }

    CreateKey multiRegion(Boolean value) {
      multiRegion = value;
      return this;
    }

    CreateKeyRequest build() {
      return new CreateKeyRequest(
          policy,
          description,
          keyUsage,
          customerMasterKeySpec,
          keySpec,
          origin,
          customKeyStoreId,
          bypassPolicyLockoutSafetyCheck,
          tags,
          multiRegion,
          null);
    }
  }

  /** An ImportKeyMaterial request. */
  static final class ImportMaterial {
    private final String keyId;
    private byte[] importToken;
    private byte[] encryptedKeyMaterial;
    private Instant validTo;
    private ExpirationModel expirationModel;
    private String importType;
    private String keyMaterialId;

    private ImportMaterial(String keyId) {
      this.keyId = keyId;
    }

    ImportMaterial token(byte[] value) {
      importToken = value;
      return this;
    }

    ImportMaterial material(byte[] value) {
      encryptedKeyMaterial = value;
      return this;
    }

    ImportMaterial validTo(Instant value) {
      validTo = value;
      return this;
    }

    ImportMaterial expirationModel(ExpirationModel value) {
      expirationModel = value;
      return this;
    }

    /** KEY_MATERIAL_DOES_NOT_EXPIRE. */
    ImportMaterial neverExpires() {
      return expirationModel(ExpirationModel.KEY_MATERIAL_DOES_NOT_EXPIRE);
    }

    ImportMaterial importType(String value) {
      importType = value;
      return this;
    }

    ImportMaterial keyMaterialId(String value) {
      keyMaterialId = value;
      return this;
    }

    ImportKeyMaterialRequest build() {
      return new ImportKeyMaterialRequest(
          keyId,
          importToken,
          encryptedKeyMaterial,
          validTo,
          expirationModel,
          importType,
          null,
          keyMaterialId);
    }
  }
}
