package dev.serverlesskms.functions.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Makefiles {@code sam build} runs for the template's BuildVariantCheck, run the same way
 * ({@code make build-BuildVariantCheck} with ARTIFACTS_DIR) on zips laid out as Quarkus' JVM and
 * native function.zip are: each variant accepts its own zip and refuses the other's, so a
 * mismatched pair never reaches {@code sam deploy}. Needs make and python3, as {@code sam build}
 * does.
 */
class BuildVariantCheckTest {
  @TempDir Path dir;

  @BeforeAll
  static void requireMakeAndPython() {
    assumeTrue(onPath("make"), "make is not installed (sam build needs it for this check too)");
    assumeTrue(
        onPath("python3"), "python3 is not installed (sam build needs it for this check too)");
  }

  @Test
  void theJvmCheckAcceptsTheJvmZipAndRecordsIt() throws Exception {
    Result result = check("jvm", jvmZip());

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("the jvm build, as BuildVariant=jvm deploys it on java21");
    assertThat(dir.resolve("artifacts/build-variant.txt")).hasContent("jvm");
  }

  @Test
  void theNativeCheckAcceptsTheNativeZip() throws Exception {
    Result result = check("native", nativeZip());

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(dir.resolve("artifacts/build-variant.txt")).hasContent("native");
  }

  @Test
  void theNativeCheckRefusesTheJvmZipThatCannotStartOnProvidedAl2023() throws Exception {
    Result result = check("native", jvmZip());

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output())
        .contains("BuildVariant mismatch")
        .contains("is the jvm build, but the template is built for BuildVariant=native")
        .contains("--config-env jvm");
    assertThat(dir.resolve("artifacts/build-variant.txt")).doesNotExist();
  }

  @Test
  void theJvmCheckRefusesTheNativeZip() throws Exception {
    Result result = check("jvm", nativeZip());

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output())
        .contains("is the native build, but the template is built for BuildVariant=jvm");
  }

  @Test
  void aMissingZipSaysHowToBuildIt() throws Exception {
    Result result = check("jvm", dir.resolve("function.zip"));

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("does not exist").contains("mvn -B package -DskipTests");
  }

  @Test
  void aFileThatIsNoLambdaPackageIsRefused() throws Exception {
    Path notAZip = Files.writeString(dir.resolve("function.zip"), "not a zip");
    Path emptyZip = zip("empty.zip", List.of("README.txt"));

    assertThat(check("jvm", notAZip).output()).contains("is neither");
    assertThat(check("native", emptyZip).output()).contains("is neither");
  }

  /** As Quarkus' jvmZip writes it: the runner jar's entries, then lib/. */
  private Path jvmZip() throws IOException {
    return zip(
        "jvm.zip",
        List.of(
            "META-INF/MANIFEST.MF",
            "io/quarkus/runner/GeneratedMain.class",
            "application.properties",
            "lib/io.quarkus.quarkus-funqy-amazon-lambda-3.34.2.jar"));
  }

  /** As Quarkus' nativeZip writes it: the executable as bootstrap. */
  private Path nativeZip() throws IOException {
    return zip("native.zip", List.of("bootstrap"));
  }

  private Path zip(String name, List<String> entries) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (String entry : entries) {
        zip.putNextEntry(new ZipEntry(entry));
        zip.write(entry.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return file;
  }

  private record Result(int exitCode, String output) {}

  private Result check(String variant, Path zip) throws Exception {
    Path makefile =
        DeploymentTemplateTest.REPOSITORY
            .resolve("infra/build-variant-check/" + variant + "/Makefile")
            .toAbsolutePath();
    Process make =
        new ProcessBuilder(
                "make",
                "--no-print-directory",
                "-f",
                makefile.toString(),
                "build-BuildVariantCheck",
                "FUNCTION_ZIP=" + zip.toAbsolutePath(),
                "ARTIFACTS_DIR=" + dir.resolve("artifacts").toAbsolutePath())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(make.waitFor(60, TimeUnit.SECONDS)).as("make finished").isTrue();
    return new Result(make.exitValue(), output);
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    return path != null
        && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
            .anyMatch(directory -> Files.isExecutable(Path.of(directory, command)));
  }
}
