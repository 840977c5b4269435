package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.DecryptResponse;

@QuarkusTest
@TestProfile(ReEncryptTest.Profile.class)
class ReEncryptTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("ReEncrypt");
    }
  }

  @Test
  void reEncrypt_sampleEvent_movesTheCiphertextToTheAliasKey() {
    // GIVEN a ciphertext under one key, and alias/example pointing to another
    String sourceKeyId = newKey("source");
    String destinationKeyId = newKeyWithExampleAlias();
    SdkBytes ciphertext =
        kms.encrypt(
                r ->
                    r.keyId(sourceKeyId)
                        .plaintext(SdkBytes.fromUtf8String("re-encrypt me"))
                        .encryptionContext(EXAMPLE_CONTEXT))
            .ciphertextBlob();
    String event = withCiphertext(event("re-encrypt.json"), ciphertext);

    JsonNode out = invoke(event);

    assertThat(out.get("SourceKeyId").asText()).isEqualTo(arn(sourceKeyId));
    assertThat(out.get("KeyId").asText()).isEqualTo(arn(destinationKeyId));
    Map<String, String> destinationContext =
        Map.of("Purpose", parse(event).get("DestinationEncryptionContext").get("Purpose").asText());
    DecryptResponse decrypted =
        kms.decrypt(
            r ->
                r.ciphertextBlob(blob(out.get("CiphertextBlob")))
                    .encryptionContext(destinationContext));
    assertThat(decrypted.plaintext().asUtf8String()).isEqualTo("re-encrypt me");
    assertThat(decrypted.keyId()).isEqualTo(arn(destinationKeyId));
  }
}
