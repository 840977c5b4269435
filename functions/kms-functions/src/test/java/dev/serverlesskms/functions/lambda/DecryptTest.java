package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;

@QuarkusTest
@TestProfile(DecryptTest.Profile.class)
class DecryptTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("Decrypt");
    }
  }

  @Test
  void decrypt_sampleEventWithARealCiphertext_returnsThePlaintext() {
    String keyId = newKeyWithExampleAlias();
    SdkBytes ciphertext =
        kms.encrypt(
                r ->
                    r.keyId(ALIAS)
                        .plaintext(SdkBytes.fromUtf8String("decrypt me"))
                        .encryptionContext(EXAMPLE_CONTEXT))
            .ciphertextBlob();

    JsonNode out = invoke(withCiphertext(event("decrypt.json"), ciphertext));

    assertThat(bytes(out.get("Plaintext"))).asString().isEqualTo("decrypt me");
    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(out.get("EncryptionAlgorithm").asText()).isEqualTo("SYMMETRIC_DEFAULT");
    assertThat(out.get("KeyMaterialId").asText()).isNotBlank();
  }

  @Test
  void decrypt_placeholderCiphertextLeftInTheEvent_isALambdaErrorNotAHang() {
    // GIVEN the sample event without its KeyId (no alias needed) and with the placeholder
    // ciphertext
    ObjectNode event = (ObjectNode) parse(event("decrypt.json"));
    event.remove("KeyId");

    Invocation result = post(event.toString());

    // THEN the invocation is a Lambda function error (InvalidCiphertextException, whose AWS message
    // is
    // empty: today's body is {"errorType":"io.quarkus.funqy.runtime.ApplicationException",
    // "errorMessage":"dev.serverlesskms.core.error.KmsException: "})
    assertThat(result.status()).as(result.body()).isEqualTo(500);
    assertThat(result.json().get("errorType").asText()).isNotBlank();
    assertThat(result.json().has("errorMessage")).isTrue();
  }
}
