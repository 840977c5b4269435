package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** The KMS wire endpoint behind an API Gateway HTTP API (payload format 2.0, IAM authorization). */
@QuarkusTest
@TestProfile(KmsApiTest.Profile.class)
class KmsApiTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("KmsApi");
    }
  }

  @Test
  void kmsApi_iamAuthorizedEncryptEvent_returns200WithACiphertextTheSdkDecrypts() {
    String keyId = newKeyWithExampleAlias();
    String event = event("kms-api-encrypt.json");

    JsonNode out = invoke(event);

    assertThat(out.get("statusCode").asInt()).isEqualTo(200);
    assertThat(out.get("isBase64Encoded").asBoolean()).isFalse();
    assertThat(out.get("headers").get("Content-Type").asText())
        .isEqualTo("application/x-amz-json-1.1");
    assertThat(out.get("headers").get("x-amzn-RequestId").asText())
        .isEqualTo(parse(event).get("requestContext").get("requestId").asText());
    JsonNode body = parse(out.get("body").asText());
    assertThat(body.get("KeyId").asText()).isEqualTo(arn(keyId));
    JsonNode request = parse(parse(event).get("body").asText());
    assertThat(
            kms.decrypt(
                    r ->
                        r.ciphertextBlob(blob(body.get("CiphertextBlob")))
                            .encryptionContext(EXAMPLE_CONTEXT))
                .plaintext()
                .asByteArray())
        .isEqualTo(bytes(request.get("Plaintext")));
  }

  @Test
  void kmsApi_eventWithoutIamAuthorizer_returns400MissingAuthenticationToken()
      throws JsonProcessingException {
    // GIVEN the sample event as a route without AWS_IAM authorization would deliver it
    ObjectNode event = (ObjectNode) parse(event("kms-api-encrypt.json"));
    ((ObjectNode) event.get("requestContext")).remove("authorizer");

    JsonNode out = invoke(JSON.writeValueAsString(event));

    assertThat(out.get("statusCode").asInt()).isEqualTo(400);
    assertThat(out.get("headers").get("x-amzn-ErrorType").asText())
        .startsWith("MissingAuthenticationTokenException");
    assertThat(parse(out.get("body").asText()).get("__type").asText())
        .isEqualTo("MissingAuthenticationTokenException");
  }
}
