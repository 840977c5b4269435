package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.AliasListEntry;

@QuarkusTest
@TestProfile(CreateAliasTest.Profile.class)
class CreateAliasTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("CreateAlias");
    }
  }

  @Test
  void createAlias_sampleEvent_createsAliasExampleForTheKey() {
    String keyId = newKey("alias target");

    assertThat(invoke(withKey(event("create-alias.json"), keyId)).toString()).isEqualTo("{}");

    assertThat(kms.listAliases(r -> r.keyId(keyId)).aliases())
        .extracting(AliasListEntry::aliasName)
        .containsExactly(ALIAS);
    assertThat(kms.describeKey(r -> r.keyId(ALIAS)).keyMetadata().keyId()).isEqualTo(keyId);
  }
}
