package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.KeyState;

@QuarkusTest
@TestProfile(DeleteImportedKeyMaterialTest.Profile.class)
class DeleteImportedKeyMaterialTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("DeleteImportedKeyMaterial");
    }
  }

  @Test
  void deleteImportedKeyMaterial_sampleEvent_returnsTheKeyToPendingImport() {
    String keyId = newExternalKey();
    importMaterial(keyId, null);

    JsonNode out = invoke(withKey(event("delete-imported-key-material.json"), keyId));

    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState())
        .isEqualTo(KeyState.PENDING_IMPORT);
  }
}
