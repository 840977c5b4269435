package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.RotationType;
import software.amazon.awssdk.services.kms.model.RotationsListEntry;

@QuarkusTest
@TestProfile(RotateKeyOnDemandTest.Profile.class)
class RotateKeyOnDemandTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("RotateKeyOnDemand");
    }
  }

  @Test
  void rotateKeyOnDemand_sampleEvent_addsAnOnDemandRotation() {
    String keyId = newKey("to rotate now");

    JsonNode out = invoke(withKey(event("rotate-key-on-demand.json"), keyId));

    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(kms.listKeyRotations(r -> r.keyId(keyId)).rotations())
        .extracting(RotationsListEntry::rotationType)
        .containsExactly(RotationType.ON_DEMAND);
  }
}
