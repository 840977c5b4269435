package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(UpdateKeyDescriptionTest.Profile.class)
class UpdateKeyDescriptionTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("UpdateKeyDescription");
    }
  }

  @Test
  void updateKeyDescription_sampleEvent_changesTheDescription() {
    String keyId = newKey("before");
    String event = withKey(event("update-key-description.json"), keyId);

    assertThat(invoke(event).toString()).isEqualTo("{}");

    assertThat(kms.describeKey(r -> r.keyId(keyId)).keyMetadata().description())
        .isEqualTo(parse(event).get("Description").asText());
  }

  @Test
  void updateKeyDescription_unknownKeyId_returnsLambdaErrorPromptly_andTheFunctionKeepsServing() {
    // GIVEN the sample event as it is: its example key id names no key here
    // WHEN it is invoked
    Invocation result = post(event("update-key-description.json"));

    // THEN the invocation fails (the mock event server's 500 is a Lambda function error) with KMS's
    // message.
    // Funqy reports every exception as errorType io.quarkus.funqy.runtime.ApplicationException, so
    // the KMS
    // error name (NotFoundException) is not in the body, only the message
    assertThat(result.status()).as(result.body()).isEqualTo(500);
    assertThat(result.json().get("errorType").asText()).isNotBlank();
    assertThat(result.json().get("errorMessage").asText())
        .contains("Key '" + arn(EXAMPLE_KEY_ID) + "' does not exist");

    // AND the next invocation is served
    String keyId = newKey("after an error");
    assertThat(invoke(withKey(event("update-key-description.json"), keyId)).toString())
        .isEqualTo("{}");
  }
}
