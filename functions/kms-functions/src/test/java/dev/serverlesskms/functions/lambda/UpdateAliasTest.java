package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(UpdateAliasTest.Profile.class)
class UpdateAliasTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("UpdateAlias");
    }
  }

  @Test
  void updateAlias_sampleEvent_pointsAliasExampleToTheOtherKey() {
    newKeyWithExampleAlias();
    String otherKeyId = newKey("new alias target");

    assertThat(invoke(withKey(event("update-alias.json"), otherKeyId)).toString()).isEqualTo("{}");

    assertThat(kms.describeKey(r -> r.keyId(ALIAS)).keyMetadata().keyId()).isEqualTo(otherKeyId);
  }
}
