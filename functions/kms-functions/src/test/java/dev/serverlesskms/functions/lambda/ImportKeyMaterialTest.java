package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

@QuarkusTest
@TestProfile(ImportKeyMaterialTest.Profile.class)
class ImportKeyMaterialTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("ImportKeyMaterial");
    }
  }

  @Test
  void importKeyMaterial_sampleEventWithRealTokenAndMaterial_makesTheKeyUsable() {
    // GIVEN an EXTERNAL key and material wrapped with the public key GetParametersForImport
    // returned
    String keyId = newExternalKey();
    GetParametersForImportResponse parameters =
        kms.getParametersForImport(
            r ->
                r.keyId(keyId)
                    .wrappingAlgorithm(AlgorithmSpec.RSAES_OAEP_SHA_256)
                    .wrappingKeySpec(WrappingKeySpec.RSA_2048));
    byte[] wrapped = wrap(parameters.publicKey().asByteArray(), randomBytes(32));
    String event =
        withKey(event("import-key-material.json"), keyId)
            .replace(EXAMPLE_IMPORT_TOKEN, base64(parameters.importToken().asByteArray()))
            .replace(EXAMPLE_KEY_MATERIAL, base64(wrapped));
    assertThat(event).doesNotContain("REPLACE");

    JsonNode out = invoke(event);

    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(out.get("KeyMaterialId").asText()).isNotBlank();
    KeyMetadata metadata = kms.describeKey(r -> r.keyId(keyId)).keyMetadata();
    assertThat(metadata.keyState()).isEqualTo(KeyState.ENABLED);
    assertThat(metadata.expirationModel())
        .isEqualTo(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE);
    SdkBytes ciphertext =
        kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("imported")))
            .ciphertextBlob();
    assertThat(kms.decrypt(r -> r.ciphertextBlob(ciphertext)).plaintext().asUtf8String())
        .isEqualTo("imported");
  }
}
