package dev.serverlesskms.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatrixOptionsTest {
  @Test
  void defaultsAreIssue13sMatrix() {
    MatrixOptions options = MatrixOptions.parse(new String[0], null);
    assertThat(options.callers()).containsExactly(1, 8, 32);
    assertThat(options.duration()).isEqualTo(Duration.ofSeconds(20));
    assertThat(options.rssLoad()).isEqualTo(Duration.ofSeconds(60));
    assertThat(options.startupRuns()).isEqualTo(5);
    assertThat(options.localKmsBin()).isNull();
    assertThat(options.maxCallers()).isEqualTo(32);
  }

  @Test
  void warmupRunsAtTheMostCallersThenDownAndEndsAtTheCountMeasuredFirst() {
    assertThat(warmupOf()).containsExactly(phase(32, 30), phase(8, 10), phase(1, 10));
    assertThat(warmupOf("--callers", "8,1,32,4"))
        .containsExactly(phase(32, 30), phase(4, 10), phase(1, 10), phase(8, 10));
    assertThat(warmupOf("--callers", "32,1"))
        .containsExactly(phase(32, 30), phase(1, 10), phase(32, 10));
    assertThat(warmupOf("--callers", "1")).containsExactly(phase(1, 30));
    assertThat(warmupOf("--warmup", "0s")).isEmpty();
  }

  private static List<MatrixOptions.WarmupPhase> warmupOf(String... args) {
    return MatrixOptions.parse(args, null).warmupPhases();
  }

  private static MatrixOptions.WarmupPhase phase(int callers, int seconds) {
    return new MatrixOptions.WarmupPhase(callers, Duration.ofSeconds(seconds));
  }

  @Test
  void quickShortensEveryPhaseButExplicitValuesWin() {
    MatrixOptions options = MatrixOptions.parse(new String[] {"--quick", "--duration", "7s"}, null);
    assertThat(options.duration()).isEqualTo(Duration.ofSeconds(7));
    assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(3));
    assertThat(options.rssLoad()).isEqualTo(Duration.ofSeconds(5));
    assertThat(options.startupRuns()).isEqualTo(2);
  }

  @Test
  void localKmsTakesItsBinaryFromTheEnvironmentOrTheCommandLine() {
    assertThat(
            MatrixOptions.parse(new String[] {"--local-kms"}, "/tmp/localkms/local-kms")
                .localKmsBin())
        .isEqualTo(Path.of("/tmp/localkms/local-kms"));
    assertThat(
            MatrixOptions.parse(new String[] {"--local-kms-bin", "/opt/lk"}, "/ignored")
                .localKmsBin())
        .isEqualTo(Path.of("/opt/lk"));
    assertThatThrownBy(() -> MatrixOptions.parse(new String[] {"--local-kms"}, " "))
        .hasMessageContaining("LOCAL_KMS_BIN");
  }

  @Test
  void compareCommandMustSayWhereThePortGoes() {
    assertThat(
            MatrixOptions.parse(new String[] {"--compare-command", "srv --port {port}"}, null)
                .compareCommands())
        .containsExactly("srv --port {port}");
    assertThatThrownBy(
            () -> MatrixOptions.parse(new String[] {"--compare-command", "srv --port 80"}, null))
        .hasMessageContaining("{port}");
  }

  @Test
  void callersAreDeduplicatedAndBounded() {
    assertThat(MatrixOptions.parseCallers("1, 8,8,32")).containsExactly(1, 8, 32);
    assertThatThrownBy(() -> MatrixOptions.parseCallers("0")).hasMessageContaining("1..256");
    assertThatThrownBy(() -> MatrixOptions.parseCallers("x")).hasMessageContaining("not a number");
  }

  @Test
  void durationsAreBoundedAndMissingValuesReported() {
    assertThat(MatrixOptions.parseDuration("--warmup", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(MatrixOptions.parseDuration("--warmup", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThatThrownBy(() -> MatrixOptions.parseDuration("--warmup", "11m"))
        .hasMessageContaining("at most 10m");
    assertThatThrownBy(() -> MatrixOptions.parse(new String[] {"--csv"}, null))
        .hasMessageContaining("missing value");
    assertThatThrownBy(() -> MatrixOptions.parse(new String[] {"--bogus", "1"}, null))
        .hasMessageContaining("unknown option");
  }

  @Test
  void jvmOptionsFileDropsCommentsAndBlankLines() {
    assertThat(
            JvmOptionsFile.parse(
                "# heading\n\n-XX:+UseSerialGC  # small heap\n  -Xmx48m\n#-Xshare:off\n"))
        .isEqualTo(List.of("-XX:+UseSerialGC", "-Xmx48m"));
  }
}
