package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.KeyState;

@QuarkusTest
@TestProfile(CancelKeyDeletionTest.Profile.class)
class CancelKeyDeletionTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("CancelKeyDeletion");
    }
  }

  @Test
  void cancelKeyDeletion_sampleEvent_cancelsTheDeletion_leavingTheKeyDisabled() {
    String keyId = newKey("reprieved");
    kms.scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(7));

    JsonNode out = invoke(withKey(event("cancel-key-deletion.json"), keyId));

    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState())
        .isEqualTo(KeyState.DISABLED);
  }
}
