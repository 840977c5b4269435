package dev.serverlesskms.functions.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What LocalStackDeploymentIT deploys, checked where that test cannot run: the CodeUri rewrite. */
class SamTemplateTest {
  /** The repository's template, from the module directory Maven runs tests in. */
  private static final Path REPOSITORY_TEMPLATE = Path.of("../../sam-template.yaml");

  @Test
  void theRepositoryTemplateDeploysFunctionZipFromS3Only() {
    String rewritten = SamTemplate.withCodeIn(REPOSITORY_TEMPLATE, "bucket", "function.zip");

    assertThat(rewritten).contains("CodeUri: s3://bucket/function.zip");
    assertThat(rewritten.lines().filter(l -> l.strip().startsWith("CodeUri:")))
        .allMatch(l -> l.strip().equals("CodeUri: s3://bucket/function.zip"));
  }

  @Test
  void rewritesEveryCodeUriAndKeepsIndentationAndTheRest(@TempDir Path dir) throws IOException {
    Path template =
        Files.writeString(
            dir.resolve("t.yaml"),
            """
        Globals:
          Function:
            CodeUri: functions/kms-functions/target/function.zip  # the one artifact
            Handler: h

        Resources:
          F:
            Type: AWS::Serverless::Function
            Properties:
              CodeUri: target/function.zip
              Runtime: !If [IsNative, provided.al2023, java21]
        """);

    assertThat(SamTemplate.withCodeIn(template, "b", "k.zip"))
        .isEqualTo(
            """
        Globals:
          Function:
            CodeUri: s3://b/k.zip
            Handler: h

        Resources:
          F:
            Type: AWS::Serverless::Function
            Properties:
              CodeUri: s3://b/k.zip
              Runtime: !If [IsNative, provided.al2023, java21]
        """);
  }

  @Test
  void givesTheRepositoryTemplatesBuildCheckLayerAnS3LocationTheTransformAccepts() {
    String rewritten = SamTemplate.withCodeIn(REPOSITORY_TEMPLATE, "bucket", "function.zip");

    assertThat(rewritten.lines().filter(l -> l.strip().startsWith("ContentUri:")))
        .isNotEmpty()
        .allMatch(l -> l.strip().equals("ContentUri: s3://bucket/function.zip"));
  }

  @Test
  void refusesACodeUriItWouldNotUpload(@TempDir Path dir) throws IOException {
    Path template =
        Files.writeString(dir.resolve("t.yaml"), "Globals:\n  Function:\n    CodeUri: src/other\n");

    assertThatThrownBy(() -> SamTemplate.withCodeIn(template, "b", "k.zip"))
        .hasMessageContaining("src/other");
  }
}
