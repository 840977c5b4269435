package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.Tag;

@QuarkusTest
@TestProfile(CreateKeyTest.Profile.class)
class CreateKeyTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("CreateKey");
    }
  }

  @Test
  void createKey_sampleEvent_returnsMetadataOfAnEnabledTaggedKey() {
    String event = event("create-key.json");

    JsonNode metadata = invoke(event).get("KeyMetadata");

    String keyId = metadata.get("KeyId").asText();
    assertThat(metadata.get("Arn").asText()).isEqualTo(arn(keyId));
    assertThat(metadata.get("AWSAccountId").asText())
        .isEqualTo(config().getValue("kms.account-id", String.class));
    assertThat(metadata.get("Description").asText())
        .isEqualTo(parse(event).get("Description").asText());
    assertThat(metadata.get("KeyState").asText()).isEqualTo("Enabled");
    assertThat(metadata.get("KeyUsage").asText()).isEqualTo("ENCRYPT_DECRYPT");
    assertThat(metadata.get("KeySpec").asText()).isEqualTo("SYMMETRIC_DEFAULT");
    assertThat(metadata.get("Origin").asText()).isEqualTo("AWS_KMS");
    assertThat(metadata.get("CreationDate").isNumber()).isTrue();
    assertThat(kms.describeKey(r -> r.keyId(keyId)).keyMetadata().arn()).isEqualTo(arn(keyId));
    assertThat(kms.listResourceTags(r -> r.keyId(keyId)).tags())
        .containsExactly(
            Tag.builder().tagKey("Project").tagValue("serverless-kms-example").build());
  }
}
