package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.AliasListEntry;

@QuarkusTest
@TestProfile(DeleteAliasTest.Profile.class)
class DeleteAliasTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("DeleteAlias");
    }
  }

  @Test
  void deleteAlias_sampleEvent_deletesAliasExample_andNotTheKey() {
    String keyId = newKeyWithExampleAlias();

    assertThat(invoke(event("delete-alias.json")).toString()).isEqualTo("{}");

    assertThat(kms.listAliases(r -> r.keyId(keyId)).aliases())
        .extracting(AliasListEntry::aliasName)
        .doesNotContain(ALIAS);
    assertThat(kms.describeKey(r -> r.keyId(keyId)).keyMetadata().enabled()).isTrue();
  }
}
