package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(EncryptEventBridgeEventsTest.Profile.class)
class EncryptEventBridgeEventsTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("EncryptEventBridgeEvents");
    }
  }

  @Test
  void eventBridgeEvent_encryptsTheRequestInItsDetail() {
    // GIVEN alias/example points to a key
    String keyId = newKeyWithExampleAlias();

    // WHEN the function gets the sample EventBridge event
    JsonNode result = invoke(event("encrypt-eventbridge-event.json"));

    // THEN it returns (for the on-success destination) a result whose ciphertext the SDK decrypts
    assertThat(result.get("CorrelationId").asText()).isEqualTo("order-20");
    assertThat(result.get("Operation").asText()).isEqualTo("Encrypt");
    assertThat(result.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(
            kms.decrypt(
                    r ->
                        r.ciphertextBlob(blob(result.get("CiphertextBlob")))
                            .encryptionContext(EXAMPLE_CONTEXT))
                .plaintext()
                .asUtf8String())
        .isEqualTo("shipping address...");
  }
}
