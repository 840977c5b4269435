package dev.serverlesskms.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's way to point AWS CLI v2 at the deployed (API Gateway, IAM-authorized) endpoint:
 * infra/cli/add-kms-apigw-model.sh registers `aws kms-apigw`, which signs for execute-api. Checked
 * against a local server that demands execute-api signatures, as API Gateway does.
 */
class ApiGatewayCliModelIT {
  @TempDir Path home;
  @TempDir Path dataDir;

  @Test
  void kmsApigwCommands_signForExecuteApi_andWorkLikeAwsKms() throws Exception {
    assertThat(Path.of("/usr/bin/aws"))
        .as("AWS CLI v2 at /usr/bin/aws (apt-get install awscli)")
        .exists();
    run(
        List.of(
            "bash", Path.of("../../infra/cli/add-kms-apigw-model.sh").toAbsolutePath().toString()));

    try (LocalKmsServer server =
        LocalKmsServer.start(dataDir, Map.of("kms.local.signing-service", "execute-api"))) {
      String endpoint = server.endpoint().toString();
      String keyId =
          run(List.of(
                  "/usr/bin/aws",
                  "kms-apigw",
                  "create-key",
                  "--endpoint-url",
                  endpoint,
                  "--description",
                  "via api gateway model",
                  "--query",
                  "KeyMetadata.KeyId",
                  "--output",
                  "text"))
              .trim();
      assertThat(keyId).matches("[0-9a-f-]{36}");
      String described =
          run(
              List.of(
                  "/usr/bin/aws",
                  "kms-apigw",
                  "describe-key",
                  "--endpoint-url",
                  endpoint,
                  "--key-id",
                  keyId,
                  "--query",
                  "KeyMetadata.Description",
                  "--output",
                  "text"));
      assertThat(described.trim()).isEqualTo("via api gateway model");

      // Plain `aws kms` signs for "kms", which this endpoint (like API Gateway) refuses.
      Process plain =
          process(List.of("/usr/bin/aws", "kms", "list-keys", "--endpoint-url", endpoint));
      assertThat(plain.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(plain.exitValue()).isNotZero();
      assertThat(new String(plain.getErrorStream().readAllBytes()))
          .contains("InvalidSignatureException");
    }
  }

  private String run(List<String> command) throws Exception {
    Process process = process(command);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finishes", command).isTrue();
    String out = new String(process.getInputStream().readAllBytes());
    assertThat(process.exitValue())
        .as("%s: %s", command, new String(process.getErrorStream().readAllBytes()))
        .isZero();
    return out;
  }

  private Process process(List<String> command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder
        .environment()
        .putAll(
            Map.of(
                "HOME",
                home.toString(),
                "PATH",
                "/usr/bin:/bin",
                "AWS",
                "/usr/bin/aws",
                "AWS_ACCESS_KEY_ID",
                "test",
                "AWS_SECRET_ACCESS_KEY",
                "test",
                "AWS_DEFAULT_REGION",
                "us-east-1",
                "LANG",
                "C.UTF-8"));
    Files.createDirectories(home);
    return builder.start();
  }
}
