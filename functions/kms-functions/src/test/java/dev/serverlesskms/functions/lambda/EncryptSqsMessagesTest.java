package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;

@QuarkusTest
@TestProfile(EncryptSqsMessagesTest.Profile.class)
class EncryptSqsMessagesTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("EncryptSqsMessages");
    }
  }

  @Test
  void sqsBatch_encryptsEachRequest_reportsOnlyTheUnreadableMessageForRetry() throws Exception {
    // GIVEN alias/example points to a key, and a batch of four messages: Encrypt, GenerateDataKey,
    // Encrypt under a missing alias (a client error), and a body that is no request at all
    String keyId = newKeyWithExampleAlias();
    String event = event("encrypt-sqs-messages.json");
    Path results =
        Path.of(config().getValue("kms.data-dir", String.class)).resolve("event-results.jsonl");
    long before = Files.exists(results) ? Files.readAllLines(results).size() : 0;

    // WHEN the function gets the batch
    JsonNode out = invoke(event);

    // THEN only the unreadable message is reported for retry (partial batch response)
    assertThat(out.get("batchItemFailures")).hasSize(1);
    assertThat(out.get("batchItemFailures").get(0).get("itemIdentifier").asText())
        .isEqualTo("a9d1e2f3-4b5c-4d6e-8f70-1a2b3c4d5e6f");

    // AND the three readable requests have results: two ciphertexts the SDK decrypts, one error
    List<JsonNode> published = new ArrayList<>();
    List<String> lines = Files.readAllLines(results);
    for (String line : lines.subList((int) before, lines.size())) {
      published.add(parse(line));
    }
    assertThat(published)
        .extracting(r -> r.get("CorrelationId").asText())
        .containsExactly("order-17", "order-18", "order-19");
    JsonNode encrypted = published.get(0);
    assertThat(encrypted.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(
            kms.decrypt(
                    r ->
                        r.ciphertextBlob(blob(encrypted.get("CiphertextBlob")))
                            .encryptionContext(EXAMPLE_CONTEXT))
                .plaintext()
                .asUtf8String())
        .isEqualTo("card number 4111...");
    SdkBytes dataKey = blob(published.get(1).get("CiphertextBlob"));
    assertThat(
            kms.decrypt(r -> r.ciphertextBlob(dataKey).encryptionContext(EXAMPLE_CONTEXT))
                .plaintext()
                .asByteArray())
        .hasSize(32);
    assertThat(published.get(1).has("Plaintext")).as("a data key leaves encrypted only").isFalse();
    assertThat(published.get(2).get("ErrorCode").asText()).isEqualTo("NotFoundException");
    assertThat(published.get(2).has("CiphertextBlob")).isFalse();
  }
}
