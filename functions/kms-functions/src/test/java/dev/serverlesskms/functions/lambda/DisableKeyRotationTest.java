package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(DisableKeyRotationTest.Profile.class)
class DisableKeyRotationTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("DisableKeyRotation");
    }
  }

  @Test
  void disableKeyRotation_sampleEvent_disablesRotation() {
    String keyId = newKey("rotating");
    kms.enableKeyRotation(r -> r.keyId(keyId));

    assertThat(invoke(withKey(event("disable-key-rotation.json"), keyId)).toString())
        .isEqualTo("{}");

    assertThat(kms.getKeyRotationStatus(r -> r.keyId(keyId)).keyRotationEnabled()).isFalse();
  }
}
