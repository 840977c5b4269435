package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.KeyState;

@QuarkusTest
@TestProfile(EnableKeyTest.Profile.class)
class EnableKeyTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("EnableKey");
    }
  }

  @Test
  void enableKey_sampleEvent_enablesADisabledKey() {
    String keyId = newKey("disabled");
    kms.disableKey(r -> r.keyId(keyId));

    assertThat(invoke(withKey(event("enable-key.json"), keyId)).toString()).isEqualTo("{}");

    assertThat(kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState())
        .isEqualTo(KeyState.ENABLED);
  }
}
