package dev.serverlesskms.functions.wiring;

import dev.serverlesskms.core.api.*;
import dev.serverlesskms.core.model.*;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Registers every type the JSON layer reads or writes for reflection, so a GraalVM native image
 * (the default deployment) serializes them as the JVM build does. Funqy registers its functions'
 * signatures itself; the wire dispatcher reaches these types through a table, which the native
 * analysis cannot see.
 */
@RegisterForReflection(
    targets = {
      CreateKeyRequest.class,
      CreateKeyResponse.class,
      DescribeKeyRequest.class,
      DescribeKeyResponse.class,
      ListKeysRequest.class,
      ListKeysResponse.class,
      KeyListEntry.class,
      UpdateKeyDescriptionRequest.class,
      EnableKeyRequest.class,
      DisableKeyRequest.class,
      EncryptRequest.class,
      EncryptResponse.class,
      DecryptRequest.class,
      DecryptResponse.class,
      ReEncryptRequest.class,
      ReEncryptResponse.class,
      GenerateDataKeyRequest.class,
      GenerateDataKeyResponse.class,
      GenerateDataKeyWithoutPlaintextRequest.class,
      GenerateDataKeyWithoutPlaintextResponse.class,
      GenerateRandomRequest.class,
      GenerateRandomResponse.class,
      CreateAliasRequest.class,
      UpdateAliasRequest.class,
      DeleteAliasRequest.class,
      ListAliasesRequest.class,
      ListAliasesResponse.class,
      AliasListEntry.class,
      TagResourceRequest.class,
      UntagResourceRequest.class,
      ListResourceTagsRequest.class,
      ListResourceTagsResponse.class,
      EmptyResponse.class,
      KeyMetadata.class,
      Tag.class,
      KeySpec.class,
      KeyUsage.class,
      KeyState.class,
      Origin.class,
      EncryptionAlgorithm.class,
      DataKeySpec.class,
      ExpirationModel.class,
      WrappingAlgorithm.class,
      WrappingKeySpec.class,
      EnableKeyRotationRequest.class,
      DisableKeyRotationRequest.class,
      GetKeyRotationStatusRequest.class,
      GetKeyRotationStatusResponse.class,
      RotateKeyOnDemandRequest.class,
      RotateKeyOnDemandResponse.class,
      ListKeyRotationsRequest.class,
      ListKeyRotationsResponse.class,
      RotationsListEntry.class,
      ScheduleKeyDeletionRequest.class,
      ScheduleKeyDeletionResponse.class,
      CancelKeyDeletionRequest.class,
      CancelKeyDeletionResponse.class,
      GetParametersForImportRequest.class,
      GetParametersForImportResponse.class,
      ImportKeyMaterialRequest.class,
      ImportKeyMaterialResponse.class,
      DeleteImportedKeyMaterialRequest.class,
      DeleteImportedKeyMaterialResponse.class,
      dev.serverlesskms.core.lifecycle.LifecycleSummary.class,
      dev.serverlesskms.functions.lifecycle.EventBridgeScheduledEvent.class,
      dev.serverlesskms.functions.events.EncryptionEvent.class,
      dev.serverlesskms.functions.events.EncryptionResult.class,
      dev.serverlesskms.functions.events.SqsEvent.class,
      dev.serverlesskms.functions.events.SqsEvent.Message.class,
      dev.serverlesskms.functions.events.SqsBatchResponse.class,
      dev.serverlesskms.functions.events.EventBridgeEncryptionEvent.class,
      dev.serverlesskms.functions.apigw.HttpApiRequest.class,
      dev.serverlesskms.functions.apigw.HttpApiResponse.class,
      dev.serverlesskms.functions.apigw.HttpApiRequest.RequestContext.class,
      dev.serverlesskms.functions.apigw.HttpApiRequest.Authorizer.class,
      dev.serverlesskms.functions.apigw.HttpApiRequest.Iam.class,
      dev.serverlesskms.functions.apigw.HttpApiRequest.Http.class
    })
final class NativeReflection {
  private NativeReflection() {}
}
