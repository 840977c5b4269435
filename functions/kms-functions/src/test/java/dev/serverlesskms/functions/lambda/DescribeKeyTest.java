package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(DescribeKeyTest.Profile.class)
class DescribeKeyTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("DescribeKey");
    }
  }

  @Test
  void describeKey_sampleEventWithAlias_returnsTheAliasTargetsMetadata() {
    String keyId = newKeyWithExampleAlias();

    JsonNode metadata = invoke(event("describe-key.json")).get("KeyMetadata");

    assertThat(metadata.get("KeyId").asText()).isEqualTo(keyId);
    assertThat(metadata.get("Arn").asText()).isEqualTo(arn(keyId));
    assertThat(metadata.get("AWSAccountId").asText())
        .isEqualTo(config().getValue("kms.account-id", String.class));
    assertThat(metadata.get("KeyState").asText()).isEqualTo("Enabled");
    assertThat(metadata.get("Enabled").asBoolean()).isTrue();
  }
}
