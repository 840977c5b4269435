package dev.serverlesskms.functions.lambda;

import static dev.serverlesskms.functions.lifecycle.TestClockAndMetrics.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.KeyState;

@QuarkusTest
@TestProfile(ScheduleKeyDeletionTest.Profile.class)
class ScheduleKeyDeletionTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("ScheduleKeyDeletion");
    }
  }

  @Test
  void scheduleKeyDeletion_sampleEvent_schedulesDeletionInSevenDays() {
    String keyId = newKey("to delete");

    JsonNode out = invoke(withKey(event("schedule-key-deletion.json"), keyId));

    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(out.get("KeyState").asText()).isEqualTo("PendingDeletion");
    assertThat(out.get("PendingWindowInDays").asInt()).isEqualTo(7);
    assertThat(out.get("DeletionDate").decimalValue().longValue())
        .isEqualTo(CLOCK.instant().plus(Duration.ofDays(7)).getEpochSecond());
    assertThat(kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState())
        .isEqualTo(KeyState.PENDING_DELETION);
  }
}
