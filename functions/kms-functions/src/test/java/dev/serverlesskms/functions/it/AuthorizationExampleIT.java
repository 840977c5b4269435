package dev.serverlesskms.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs README.md's authorization example exactly as written: its principals file, and its AWS CLI
 * v2 session against a fresh server started with that file. Only the port is changed.
 */
class AuthorizationExampleIT {
  private static final Path AWS_CLI_V2 = Path.of("/usr/bin/aws");

  @TempDir Path dataDir;
  @TempDir Path workDir;

  @Test
  void readmeExample_runsAsWritten_andPrintsWhatItSays() throws Exception {
    assertThat(AWS_CLI_V2).as("AWS CLI v2 at /usr/bin/aws (.ci/run installs it)").exists();
    String readme = Files.readString(Path.of("../../README.md"), StandardCharsets.UTF_8);
    Path principals = workDir.resolve("principals.json");
    Files.writeString(principals, fenced(readme, "<!-- authz-example:principals -->", "```json"));
    String session = fenced(readme, "<!-- authz-example:begin -->", "```bash");

    try (LocalKmsServer server =
        LocalKmsServer.start(dataDir, Map.of("kms.principals-file", principals.toString()))) {
      String script = session.replace("http://127.0.0.1:4599", server.endpoint().toString());
      Path scriptFile = workDir.resolve("example.sh");
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
      assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("the example finishes").isTrue();
      String stdout = Files.readString(out);
      String stderr = Files.readString(err);
      assertThat(process.exitValue())
          .as("exit status; stderr:\n%s\nstdout:\n%s", stderr, stdout)
          .isZero();

      assertThat(Arrays.stream(stdout.split("\n")).filter(line -> !line.isBlank()).toList())
          .as("stdout, as README says")
          .containsExactly(
              "alice: refused",
              "acme data",
              "bob: refused",
              "other data",
              "other data",
              "bob: refused again");
      assertThat(stderr)
          .contains(
              "An error occurred (AccessDeniedException) when calling the Decrypt operation: User:"
                  + " arn:aws:iam::000000000000:user/alice is not authorized to perform:"
                  + " kms:Decrypt on resource: arn:aws:kms:us-east-1:000000000000:key/")
          .contains("user/bob is not authorized to perform: kms:Decrypt");

      List<JsonNode> refusals =
          Files.readAllLines(server.auditLog()).stream()
              .map(AuthorizationExampleIT::json)
              .filter(r -> "AccessDeniedException".equals(r.path("errorCode").asText()))
              .toList();
      assertThat(refusals).as("every refusal is audited").hasSize(3);
      assertThat(refusals.get(0).path("userIdentity").path("arn").asText())
          .isEqualTo("arn:aws:iam::000000000000:user/alice");
      JsonNode opsDecrypt =
          Files.readAllLines(server.auditLog()).stream()
              .map(AuthorizationExampleIT::json)
              .filter(r -> r.path("userIdentity").path("arn").asText().contains("assumed-role"))
              .findFirst()
              .orElseThrow();
      assertThat(opsDecrypt.path("userIdentity").path("arn").asText())
          .isEqualTo("arn:aws:sts::111122223333:assumed-role/ops/deploy");
      assertThat(opsDecrypt.path("userIdentity").path("accountId").asText())
          .isEqualTo("111122223333");
    }
  }

  /** The fenced block of {@code fence} that follows {@code marker}. */
  private static String fenced(String readme, String marker, String fence) {
    int at = readme.indexOf(marker);
    assertThat(at).as("README has %s", marker).isGreaterThanOrEqualTo(0);
    int begin = readme.indexOf(fence, at) + fence.length();
    int end = readme.indexOf("```", begin);
    return readme.substring(begin, end);
  }

  private static JsonNode json(String line) {
    try {
      return new ObjectMapper().readTree(line);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
