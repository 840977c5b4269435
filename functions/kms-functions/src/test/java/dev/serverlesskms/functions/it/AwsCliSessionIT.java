package dev.serverlesskms.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Runs the AWS CLI session of README.md, exactly as written there, with AWS CLI v2 ({@code
 * /usr/bin/aws}, Debian package {@code awscli}) against a fresh local server. Only the port is
 * changed to the test server's.
 */
class AwsCliSessionIT {
  private static final Path AWS_CLI_V2 = Path.of("/usr/bin/aws");

  @TempDir Path dataDir;
  @TempDir Path workDir;

  @Test
  void readmeSession_runsAsWritten() throws Exception {
    assertThat(AWS_CLI_V2)
        .as(
            "AWS CLI v2 must be installed at /usr/bin/aws (apt-get install awscli); .ci/run installs it")
        .exists();
    String session = readmeSession();

    try (LocalKmsServer server = LocalKmsServer.start(dataDir)) {
      String script = session.replace("http://127.0.0.1:4599", server.endpoint().toString());
      Path scriptFile = workDir.resolve("session.sh");
      Files.writeString(scriptFile, "set -euo pipefail\n" + script);
      ProcessBuilder builder =
          new ProcessBuilder("bash", scriptFile.toString()).directory(workDir.toFile());
      builder.environment().clear();
      builder.environment().put("PATH", "/usr/bin:/bin");
      builder.environment().put("HOME", workDir.toString());
      builder.environment().put("LANG", "C.UTF-8");
      Path out = workDir.resolve("out.txt");
      Path err = workDir.resolve("err.txt");
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the session finishes").isTrue();
      String stdout = Files.readString(out);
      assertThat(process.exitValue())
          .as("exit status; stderr:\n%s\nstdout:\n%s", Files.readString(err), stdout)
          .isZero();

      assertThat(stdout).contains("hello kms\n");
      JsonNode dataKey = firstJsonObject(stdout, "\"CiphertextBlob\"");
      assertThat(Base64.getDecoder().decode(dataKey.get("Plaintext").asText())).hasSize(32);
      assertThat(dataKey.get("KeyId").asText())
          .startsWith("arn:aws:kms:us-east-1:000000000000:key/");

      try (KmsClient kms = server.client()) {
        assertThat(kms.describeKey(r -> r.keyId("alias/my-app")).keyMetadata().description())
            .isEqualTo("my first key");
      }
    }
  }

  private static String readmeSession() throws Exception {
    String readme = Files.readString(Path.of("../../README.md"), StandardCharsets.UTF_8);
    int begin = readme.indexOf("<!-- cli-session:begin -->");
    int end = readme.indexOf("<!-- cli-session:end -->");
    assertThat(begin).as("README has a cli-session block").isGreaterThanOrEqualTo(0);
    String block = readme.substring(begin, end);
    return block.substring(block.indexOf("```bash") + "```bash".length(), block.lastIndexOf("```"));
  }

  private static JsonNode firstJsonObject(String output, String containing) throws Exception {
    int at = output.indexOf(containing);
    assertThat(at).as("output contains %s", containing).isGreaterThanOrEqualTo(0);
    int start = output.lastIndexOf('{', at);
    return new ObjectMapper()
        .readerFor(JsonNode.class)
        .<JsonNode>readValues(output.substring(start))
        .next();
  }
}
