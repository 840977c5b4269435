package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.DecryptResponse;

@QuarkusTest
@TestProfile(EncryptTest.Profile.class)
class EncryptTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("Encrypt");
    }
  }

  @Test
  void encrypt_sampleEvent_returnsCiphertextTheSdkDecrypts() {
    // GIVEN alias/example points to a key
    String keyId = newKeyWithExampleAlias();
    String event = event("encrypt.json");

    // WHEN the Encrypt function gets the sample event
    JsonNode out = invoke(event);

    // THEN the ciphertext decrypts, with the event's context, to the event's plaintext
    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(out.get("EncryptionAlgorithm").asText()).isEqualTo("SYMMETRIC_DEFAULT");
    DecryptResponse decrypted =
        kms.decrypt(
            r ->
                r.ciphertextBlob(blob(out.get("CiphertextBlob")))
                    .encryptionContext(EXAMPLE_CONTEXT));
    assertThat(decrypted.plaintext().asByteArray()).isEqualTo(bytes(parse(event).get("Plaintext")));
    assertThat(decrypted.keyId()).isEqualTo(arn(keyId));
  }
}
