package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ListAliasesTest.Profile.class)
class ListAliasesTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("ListAliases");
    }
  }

  @Test
  void listAliases_sampleEvent_listsTheKeysAliases() {
    String keyId = newKeyWithExampleAlias();

    JsonNode out = invoke(withKey(event("list-aliases.json"), keyId));

    assertThat(out.get("Aliases"))
        .singleElement()
        .satisfies(
            alias -> {
              assertThat(alias.get("AliasName").asText()).isEqualTo(ALIAS);
              assertThat(alias.get("TargetKeyId").asText()).isEqualTo(keyId);
              assertThat(alias.get("AliasArn").asText()).endsWith(":" + ALIAS);
            });
    assertThat(out.get("Truncated").asBoolean()).isFalse();
  }
}
