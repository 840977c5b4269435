package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.KeyState;

@QuarkusTest
@TestProfile(DisableKeyTest.Profile.class)
class DisableKeyTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("DisableKey");
    }
  }

  @Test
  void disableKey_sampleEvent_disablesTheKey() {
    String keyId = newKey("to disable");

    assertThat(invoke(withKey(event("disable-key.json"), keyId)).toString()).isEqualTo("{}");

    assertThat(kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState())
        .isEqualTo(KeyState.DISABLED);
  }
}
