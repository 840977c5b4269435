package dev.serverlesskms.functions.lambda;

import static dev.serverlesskms.functions.lambda.KmsSetup.arn;
import static dev.serverlesskms.functions.lambda.LambdaBinding.invoke;
import static dev.serverlesskms.functions.lambda.LambdaBinding.parse;
import static dev.serverlesskms.functions.lambda.LambdaBinding.post;
import static dev.serverlesskms.functions.lambda.SampleEvents.EXAMPLE_KEY_ID;
import static dev.serverlesskms.functions.lambda.SampleEvents.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesskms.functions.lambda.LambdaBinding.Invocation;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a function answers a request KMS refuses, through the Lambda mock event server: a directly
 * invoked function fails the invocation (a Lambda function error) and keeps serving, the API
 * Gateway function answers an HTTP error response.
 */
@QuarkusTest
class FunctionErrorsTest {
  private KmsSetup setup;

  @BeforeEach
  void openSetup() {
    setup = new KmsSetup();
  }

  @AfterEach
  void closeSetup() {
    setup.close();
  }

  @Test
  void directInvocation_unknownKeyId_isALambdaErrorWithKmsMessage_andTheFunctionKeepsServing() {
    // GIVEN the sample event as it is: its example key id names no key here
    LambdaBinding.export("UpdateKeyDescription");

    // WHEN it is invoked
    Invocation result = post(SampleEvents.read("update-key-description.json"));

    // THEN the invocation fails (the mock event server's 500 is a Lambda function error) with
    // KMS's message
    assertThat(result.status()).as(result.body()).isEqualTo(500);
    assertThat(result.json().get("errorType").asText()).isEqualTo("NotFoundException");
    assertThat(result.json().get("errorMessage").asText())
        .contains("Key '" + arn(EXAMPLE_KEY_ID) + "' does not exist");

    // AND the next invocation is served
    String keyId = setup.newKey("after an error");
    assertThat(invoke(withKey(SampleEvents.read("update-key-description.json"), keyId)).toString())
        .isEqualTo("{}");
  }

  @Test
  void directInvocation_placeholderCiphertextLeftInTheEvent_isALambdaErrorNotAHang() {
    // GIVEN the Decrypt sample event without its KeyId (no alias needed), with the placeholder
    // ciphertext
    LambdaBinding.export("Decrypt");
    ObjectNode event = (ObjectNode) parse(SampleEvents.read("decrypt.json"));
    event.remove("KeyId");

    Invocation result = post(event.toString());

    // THEN the invocation is a Lambda function error: InvalidCiphertextException, whose AWS
    // message is empty
    assertThat(result.status()).as(result.body()).isEqualTo(500);
    assertThat(result.json().get("errorType").asText()).isEqualTo("InvalidCiphertextException");
    assertThat(result.json().has("errorMessage")).isTrue();
  }

  @Test
  void apiGateway_eventWithoutIamAuthorizer_returns400MissingAuthenticationToken() {
    // GIVEN the sample event as a route without AWS_IAM authorization would deliver it
    LambdaBinding.export("KmsApi");
    ObjectNode event = (ObjectNode) parse(SampleEvents.read("kms-api-encrypt.json"));
    ((ObjectNode) event.get("requestContext")).remove("authorizer");

    JsonNode out = invoke(event.toString());

    // THEN an HTTP API response (the invocation itself succeeds) with AWS's error
    assertThat(out.get("statusCode").asInt()).isEqualTo(400);
    assertThat(out.get("headers").get("x-amzn-ErrorType").asText())
        .startsWith("MissingAuthenticationTokenException");
    assertThat(parse(out.get("body").asText()).get("__type").asText())
        .isEqualTo("MissingAuthenticationTokenException");
  }
}
