package dev.serverlesskms.functions.lambda;

import static dev.serverlesskms.functions.lifecycle.TestClockAndMetrics.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(GetKeyRotationStatusTest.Profile.class)
class GetKeyRotationStatusTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("GetKeyRotationStatus");
    }
  }

  @Test
  void getKeyRotationStatus_sampleEvent_returnsPeriodAndNextRotationDate() {
    String keyId = newKey("rotating");
    kms.enableKeyRotation(r -> r.keyId(keyId).rotationPeriodInDays(90));

    JsonNode out = invoke(withKey(event("get-key-rotation-status.json"), keyId));

    assertThat(out.get("KeyRotationEnabled").asBoolean()).isTrue();
    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(out.get("RotationPeriodInDays").asInt()).isEqualTo(90);
    assertThat(out.get("NextRotationDate").decimalValue().longValue())
        .isEqualTo(CLOCK.instant().plus(Duration.ofDays(90)).getEpochSecond());
  }
}
