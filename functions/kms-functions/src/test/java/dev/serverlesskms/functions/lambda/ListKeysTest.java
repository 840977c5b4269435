package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ListKeysTest.Profile.class)
class ListKeysTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("ListKeys");
    }
  }

  @Test
  void listKeys_sampleEvent_listsTheKeys() {
    String keyId = newKey("listed");

    JsonNode out = invoke(event("list-keys.json"));

    assertThat(out.get("Keys"))
        .anySatisfy(
            entry -> {
              assertThat(entry.get("KeyId").asText()).isEqualTo(keyId);
              assertThat(entry.get("KeyArn").asText()).isEqualTo(arn(keyId));
            });
    assertThat(out.get("Truncated").asBoolean()).isFalse();
  }
}
