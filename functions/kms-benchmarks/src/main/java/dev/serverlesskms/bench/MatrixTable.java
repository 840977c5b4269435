package dev.serverlesskms.bench;

import java.util.Locale;

/**
 * The matrix as markdown: one row per server per operation × callers, with the first server's CPU
 * and p99 divided by this row's on every other server's row (this/other: below 1 means this KMS
 * spends less), then start-up and memory. "of it JIT" is the part of the server's CPU that its JIT
 * compiler threads used: well above zero, the cell measured the warm-up as well as the requests.
 */
final class MatrixTable {
  private MatrixTable() {}

  static String format(MatrixResults results) {
    StringBuilder out = new StringBuilder();
    out.append(
            "| server | operation | callers | req/s | p50 ms | p99 ms | server CPU µs/req "
                + "| of it JIT | errors | CPU this/other | p99 this/other |\n")
        .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (MatrixResults.Cell cell : results.cells) {
      var mine = results.thisKmsBeside(cell);
      String cpuRatio =
          mine.map(
                  m ->
                      ratio(
                          MatrixResults.ratio(
                              m.serverCpuMicrosPerRequest(), cell.serverCpuMicrosPerRequest())))
              .orElse("");
      String p99Ratio =
          mine.map(m -> ratio(MatrixResults.ratio(m.p99Micros(), cell.p99Micros()))).orElse("");
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %s | %s | %s | %s | %s | %d | %s | %s |%n",
              cell.server(),
              cell.operation(),
              cell.callers(),
              whole(cell.requestsPerSecond()),
              millis(cell.p50Micros()),
              millis(cell.p99Micros()),
              whole(cell.serverCpuMicrosPerRequest()),
              whole(cell.jitMicrosPerRequest()),
              cell.errors(),
              cpuRatio,
              p99Ratio));
    }
    if (!results.startups.isEmpty()) {
      out.append(
          "\n| server | cores | start-up to first Encrypt, median ms | runs (ms) |\n|---|---:|---:|---|\n");
      for (MatrixResults.Startup startup : results.startups) {
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %s | %s |%n",
                startup.server(),
                startup.cores(),
                whole(startup.medianMillis()),
                String.join(", ", startup.millis().stream().map(String::valueOf).toList())));
      }
    }
    if (!results.memory.isEmpty()) {
      out.append(
          "\n| server | VmRSS ready MiB | VmRSS after load MiB | VmHWM MiB |\n|---|---:|---:|---:|\n");
      for (MatrixResults.Memory memory : results.memory) {
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s |%n",
                memory.server(),
                mib(memory.readyRssKib()),
                mib(memory.loadedRssKib()),
                mib(memory.loadedHwmKib())));
      }
    }
    return out.toString();
  }

  /** Thousands separated, no decimals; "-" when unknown. */
  static String whole(double value) {
    return value < 0 || Double.isNaN(value)
        ? "-"
        : String.format(Locale.ROOT, "%,d", Math.round(value));
  }

  static String millis(long micros) {
    return micros < 0 ? "-" : String.format(Locale.ROOT, "%.2f", micros / 1000.0);
  }

  static String mib(long kib) {
    return kib < 0 ? "-" : String.format(Locale.ROOT, "%.1f", kib / 1024.0);
  }

  static String ratio(double ratio) {
    return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f", ratio);
  }
}
