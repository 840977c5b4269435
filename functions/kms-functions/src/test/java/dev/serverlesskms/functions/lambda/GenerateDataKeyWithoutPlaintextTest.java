package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(GenerateDataKeyWithoutPlaintextTest.Profile.class)
class GenerateDataKeyWithoutPlaintextTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("GenerateDataKeyWithoutPlaintext");
    }
  }

  @Test
  void generateDataKeyWithoutPlaintext_sampleEvent_returnsOnlyTheCiphertextOfA256BitKey() {
    String keyId = newKeyWithExampleAlias();

    JsonNode out = invoke(event("generate-data-key-without-plaintext.json"));

    assertThat(out.has("Plaintext")).isFalse();
    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(
            kms.decrypt(
                    r ->
                        r.ciphertextBlob(blob(out.get("CiphertextBlob")))
                            .encryptionContext(EXAMPLE_CONTEXT))
                .plaintext()
                .asByteArray())
        .hasSize(32);
  }
}
