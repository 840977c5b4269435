package dev.serverlesskms.functions.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * The packaged server with a principals file (kms.principals-file): principals of two accounts sign
 * with their own keys and are recorded as themselves; a malformed file stops the server at start
 * with a message naming the entry, never the secret.
 */
class PrincipalsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;
  @TempDir Path config;

  @Test
  void principalsOfTwoAccounts_callAsThemselves_besideTheDevelopmentPair() throws IOException {
    Path file =
        write(
            """
            {"principals": [
              {"accessKeyId": "AKIAEXAMPLEALICE0001", "secretAccessKey": "alice-secret",
               "arn": "arn:aws:iam::000000000000:user/alice",
               "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:ListKeys", "Resource": "*"}]}]},
              {"accessKeyId": "AKIAEXAMPLEOPS000001", "secretAccessKey": "ops-secret",
               "arn": "arn:aws:iam::111122223333:role/ops", "sessionName": "deploy", "policies": []}
            ]}
            """);

    try (LocalKmsServer server =
        LocalKmsServer.start(dataDir, Map.of("kms.principals-file", file.toString()))) {
      for (String[] key :
          List.of(
              new String[] {"test", "test"},
              new String[] {"AKIAEXAMPLEALICE0001", "alice-secret"},
              new String[] {"AKIAEXAMPLEOPS000001", "ops-secret"})) {
        try (KmsClient kms = server.client(key[0], key[1])) {
          kms.listKeys();
        } catch (KmsException refusedByPolicy) {
          // Whether a principal may list keys is its policies' business; who it is, this test's.
        }
      }

      List<JsonNode> identities =
          Files.readAllLines(server.auditLog()).stream()
              .map(PrincipalsIT::read)
              .map(record -> record.get("userIdentity"))
              .toList();
      assertThat(identities).hasSize(3);
      assertIdentity(identities.get(0), "Root", "arn:aws:iam::000000000000:root", "000000000000");
      assertIdentity(
          identities.get(1), "IAMUser", "arn:aws:iam::000000000000:user/alice", "000000000000");
      assertIdentity(
          identities.get(2),
          "AssumedRole",
          "arn:aws:sts::111122223333:assumed-role/ops/deploy",
          "111122223333");
    }
  }

  @Test
  void withTheInlineListEmptied_onlyThePrincipalsFileSigns() throws IOException {
    Path file =
        write(
            """
            {"principals": [{"accessKeyId": "AKIAEXAMPLEROOT00001", "secretAccessKey": "root-secret",
                             "arn": "arn:aws:iam::000000000000:root"}]}
            """);

    try (LocalKmsServer server =
            LocalKmsServer.start(
                dataDir,
                Map.of("kms.principals-file", file.toString(), "kms.local.credentials", ""));
        KmsClient root = server.client("AKIAEXAMPLEROOT00001", "root-secret");
        KmsClient development = server.client()) {
      assertThat(root.listKeys().keys()).isEmpty();
      assertThatThrownBy(development::listKeys)
          .isInstanceOfSatisfying(
              KmsException.class,
              e ->
                  assertThat(e.awsErrorDetails().errorCode())
                      .isEqualTo("UnrecognizedClientException"));
    }
  }

  @Test
  void malformedPrincipalsFile_stopsTheServerAtStart_namingTheEntry_notTheSecret()
      throws IOException {
    Path file =
        write(
            """
            {"principals": [
              {"accessKeyId": "AKIAEXAMPLEALICE0001", "secretAccessKey": "alice-s3cr3t",
               "arn": "arn:aws:iam::000000000000:user/alice"},
              {"accessKeyId": "AKIAEXAMPLEOPS000001", "secretAccessKey": "ops-s3cr3t",
               "arn": "arn:aws:iam::111122223333:role/ops"}
            ]}
            """);

    assertThatThrownBy(
            () -> LocalKmsServer.start(dataDir, Map.of("kms.principals-file", file.toString())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exited at start")
        .hasMessageContaining(
            "principals file "
                + file
                + ": principals[1] (accessKeyId AKIAEXAMPLEOPS000001) names the IAM role"
                + " 'arn:aws:iam::111122223333:role/ops' without the sessionName")
        .hasMessageNotContaining("s3cr3t");
  }

  private static void assertIdentity(JsonNode identity, String type, String arn, String account) {
    assertThat(identity.get("type").asText()).isEqualTo(type);
    assertThat(identity.get("arn").asText()).isEqualTo(arn);
    assertThat(identity.get("accountId").asText()).isEqualTo(account);
  }

  private Path write(String json) throws IOException {
    return Files.writeString(config.resolve("principals.json"), json);
  }

  private static JsonNode read(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
