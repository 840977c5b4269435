package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ListKeyRotationsTest.Profile.class)
class ListKeyRotationsTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("ListKeyRotations");
    }
  }

  @Test
  void listKeyRotations_sampleEvent_listsTheRotations() {
    String keyId = newKey("rotated");
    kms.rotateKeyOnDemand(r -> r.keyId(keyId));

    JsonNode out = invoke(withKey(event("list-key-rotations.json"), keyId));

    assertThat(out.get("Rotations"))
        .singleElement()
        .satisfies(
            rotation -> {
              assertThat(rotation.get("KeyId").asText()).isEqualTo(arn(keyId));
              assertThat(rotation.get("RotationType").asText()).isEqualTo("ON_DEMAND");
              assertThat(rotation.get("KeyMaterialId").asText()).isNotBlank();
            });
    assertThat(out.get("Truncated").asBoolean()).isFalse();
  }
}
