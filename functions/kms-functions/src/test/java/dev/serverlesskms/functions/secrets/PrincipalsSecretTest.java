package dev.serverlesskms.functions.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.functions.principals.Principal;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A deployment's principals document read with the real AWS SDK client from a server that answers
 * as Secrets Manager does on the wire: one GetSecretValue per read, and every way it fails.
 */
class PrincipalsSecretTest {
  private static final String ARN =
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:serverless-kms/principals-AbCdEf";

  private RecordedSecretsManager secretsManager;
  private PrincipalsSecret secret;

  @BeforeEach
  void start() throws IOException {
    secretsManager = new RecordedSecretsManager();
    secret =
        new PrincipalsSecret(
            SecretsManagerClients.create(
                "eu-west-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "x")),
                Optional.of(secretsManager.endpoint())),
            SecretArn.parse(ARN));
  }

  @AfterEach
  void stop() {
    secret.close();
    secretsManager.close();
  }

  @Test
  void readsTheDocument_withOneGetSecretValuePerRead() {
    secretsManager.secretString(
        ARN,
        """
        {"principals": [
          {"arn": "arn:aws:iam::111122223333:user/alice", "policies": []},
          {"arn": "arn:aws:iam::444455556666:role/ops"}
        ]}
        """);

    List<Principal> principals = secret.read();
    secret.get();

    assertThat(principals).hasSize(2);
    assertThat(principals.get(1).identity().policyHolder()).isEqualTo("444455556666:role/ops");
    assertThat(secretsManager.requests()).hasSize(2);
    assertThat(secretsManager.requests().get(0).target())
        .isEqualTo("secretsmanager.GetSecretValue");
    assertThat(secretsManager.requests().get(0).body().get("SecretId").asText()).isEqualTo(ARN);
  }

  @Test
  void malformedDocument_namesTheSecretAndTheEntry() {
    secretsManager.secretString(
        ARN,
        "{\"principals\": [{\"arn\": \"arn:aws:iam::111122223333:user/alice\","
            + " \"secretAccessKey\": \"s3cr3t\"}]}");

    assertThatThrownBy(secret::read)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "principals document "
                + ARN
                + ": principals[0] (arn arn:aws:iam::111122223333:user/alice) has"
                + " \"secretAccessKey\"")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void binaryOrMissingOrForbiddenSecret_saysWhatToFix() {
    secretsManager.secretBinary(ARN, new byte[] {1, 2, 3});
    assertThatThrownBy(secret::read)
        .isInstanceOf(SecretLoadException.class)
        .hasMessageContaining("store the JSON document as its SecretString");

    secretsManager.error(ARN, "AccessDeniedException", "not allowed");
    assertThatThrownBy(secret::read)
        .isInstanceOf(SecretLoadException.class)
        .hasMessageContaining("secretsmanager:GetSecretValue on that ARN");
  }
}
