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
    assertThat(MatrixOptions.parse(new String[0], null).warmupPhases())
        .containsExactly(
            new MatrixOptions.WarmupPhase(32, Duration.ofSeconds(30)),
            new MatrixOptions.WarmupPhase(8, Duration.ofSeconds(10)),
            new MatrixOptions.WarmupPhase(1, Duration.ofSeconds(10)));
    assertThat(MatrixOptions.parse(new String[] {"--callers", "8,1,32,4"}, null).warmupPhases())
        .containsExactly(
            new MatrixOptions.WarmupPhase(32, Duration.ofSeconds(30)),
            new MatrixOptions.WarmupPhase(4, Duration.ofSeconds(10)),
            new MatrixOptions.WarmupPhase(1, Duration.ofSeconds(10)),
            new MatrixOptions.WarmupPhase(8, Duration.ofSeconds(10)));
    assertThat(MatrixOptions.parse(new String[] {"--callers", "32,1"}, null).warmupPhases())
        .containsExactly(
            new MatrixOptions.WarmupPhase(32, Duration.ofSeconds(30)),
            new MatrixOptions.WarmupPhase(1, Duration.ofSeconds(10)),
            new MatrixOptions.WarmupPhase(32, Duration.ofSeconds(10)));
    assertThat(MatrixOptions.parse(new String[] {"--callers", "1"}, null).warmupPhases())
        .containsExactly(new MatrixOptions.WarmupPhase(1, Duration.ofSeconds(30)));
    assertThat(MatrixOptions.parse(new String[] {"--warmup", "0s"}, null).warmupPhases()).isEmpty();
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
