package dev.serverlesskms.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatrixFormatTest {
  private static MatrixResults twoServers() {
    MatrixResults results = new MatrixResults();
    results.servers.addAll(List.of("this KMS", "local-kms"));
    results.cells.add(
        new MatrixResults.Cell(
            "this KMS", "Encrypt", 8, 20_000, 0, 2_000.4, 3_100, 9_870, 100.0, 12.4));
    results.cells.add(
        new MatrixResults.Cell(
            "local-kms", "Encrypt", 8, 30_000, 0, 3_000, 2_500, 7_000, 300.0, 0));
    results.startups.add(new MatrixResults.Startup("this KMS", 1, List.of(900L, 700L, 800L)));
    results.memory.add(new MatrixResults.Memory("this KMS", 102_400, 153_600, 163_840));
    return results;
  }

  @Test
  void ratioIsThisOverOtherAndUnknownWhenEitherSideIs() {
    assertThat(MatrixResults.ratio(100, 300)).isEqualTo(1.0 / 3);
    assertThat(MatrixResults.ratio(-1, 300)).isNaN();
    assertThat(MatrixResults.ratio(100, 0)).isNaN();
  }

  @Test
  void medianOfOddAndEvenRuns() {
    assertThat(MatrixResults.Median.of(List.of(900L, 700L, 800L))).isEqualTo(800);
    assertThat(MatrixResults.Median.of(List.of(900L, 700L))).isEqualTo(800);
    assertThat(MatrixResults.Median.of(List.of())).isEqualTo(-1);
  }

  @Test
  void tableHasOneRowPerServerAndTheRatioOnlyOnTheOthersRows() {
    String table = MatrixTable.format(twoServers());
    assertThat(table)
        .contains("| this KMS | Encrypt | 8 | 2,000 | 3.10 | 9.87 | 100 | 12 | 0 |  |  |\n");
    assertThat(table)
        .contains(
            "| local-kms | Encrypt | 8 | 3,000 | 2.50 | 7.00 | 300 | 0 | 0 | 0.33 | 1.41 |\n");
    assertThat(table).contains("| this KMS | 1 | 800 | 900, 700, 800 |\n");
    assertThat(table).contains("| this KMS | 100.0 | 150.0 | 160.0 |\n");
  }

  @Test
  void csvIsOneMeasurementPerLine() {
    String csv = MatrixCsv.format(twoServers());
    assertThat(csv).startsWith(MatrixCsv.HEADER + "\n");
    assertThat(csv).contains("this KMS,load,Encrypt,8,,throughput,2000.400,req/s\n");
    assertThat(csv).contains("local-kms,load,Encrypt,8,,server_cpu_per_request,300,us\n");
    assertThat(csv).contains("local-kms,load,Encrypt,8,,cpu_ratio_this_over_other,0.333,ratio\n");
    assertThat(csv).contains("this KMS,load,Encrypt,8,,server_cpu_per_request_jit,12.400,us\n");
    assertThat(csv).doesNotContain("this KMS,load,Encrypt,8,,cpu_ratio");
    assertThat(csv).contains("this KMS,startup,,,1,first_encrypt_median,800,ms\n");
    assertThat(csv).contains("this KMS,memory,,,,vmhwm_after_load,163840,KiB\n");
    assertThat(csv.lines().count()).isEqualTo(1 + 7 + 8 + 3 + 1 + 3);
  }

  @Test
  void csvQuotesFieldsThatNeedIt() {
    assertThat(MatrixCsv.quote("srv --port {port},x")).isEqualTo("\"srv --port {port},x\"");
    assertThat(MatrixCsv.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(MatrixCsv.quote("plain")).isEqualTo("plain");
  }

  @Test
  void serverCommandsFillPortAndData() {
    ServerSpec jar = ServerSpec.thisKms(Path.of("/r.jar"), List.of("-Xmx48m"));
    assertThat(jar.commandFor(4599, Path.of("/d")))
        .containsExactly(
            "java",
            "-Xmx48m",
            "-Dkms.data-dir=/d",
            "-Dquarkus.http.host=127.0.0.1",
            "-Dquarkus.http.port=4599",
            "-jar",
            "/r.jar");
    ServerSpec localKms = ServerSpec.localKms(Path.of("/bin/local-kms"));
    assertThat(localKms.environmentFor(4600, Path.of("/d")))
        .containsEntry("PORT", "4600")
        .containsEntry("KMS_DATA_PATH", "/d");
    assertThat(ServerSpec.compareCommand("srv -p {port}").commandFor(1, Path.of("/d")))
        .containsExactly("sh", "-c", "exec srv -p 1");
  }
}
