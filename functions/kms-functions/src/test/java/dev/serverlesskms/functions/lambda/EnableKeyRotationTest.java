package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;

@QuarkusTest
@TestProfile(EnableKeyRotationTest.Profile.class)
class EnableKeyRotationTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("EnableKeyRotation");
    }
  }

  @Test
  void enableKeyRotation_sampleEvent_enablesRotationWithTheEventsPeriod() {
    String keyId = newKey("to rotate");

    assertThat(invoke(withKey(event("enable-key-rotation.json"), keyId)).toString())
        .isEqualTo("{}");

    GetKeyRotationStatusResponse status = kms.getKeyRotationStatus(r -> r.keyId(keyId));
    assertThat(status.keyRotationEnabled()).isTrue();
    assertThat(status.rotationPeriodInDays()).isEqualTo(180);
  }
}
