package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(GenerateDataKeyTest.Profile.class)
class GenerateDataKeyTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("GenerateDataKey");
    }
  }

  @Test
  void generateDataKey_sampleEvent_returnsA256BitKeyAndItsCiphertext() {
    String keyId = newKeyWithExampleAlias();

    JsonNode out = invoke(event("generate-data-key.json"));

    byte[] plaintext = bytes(out.get("Plaintext"));
    assertThat(plaintext).hasSize(32);
    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(
            kms.decrypt(
                    r ->
                        r.ciphertextBlob(blob(out.get("CiphertextBlob")))
                            .encryptionContext(EXAMPLE_CONTEXT))
                .plaintext()
                .asByteArray())
        .isEqualTo(plaintext);
  }
}
