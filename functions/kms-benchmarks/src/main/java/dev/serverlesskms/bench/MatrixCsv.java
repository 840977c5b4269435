package dev.serverlesskms.bench;

import java.util.Locale;

/**
 * The matrix as a plot-ready ("long") CSV: one measurement per line, {@code
 * server,kind,operation,callers,cores,metric,value,unit}; empty fields where a column does not
 * apply. Fields holding a comma, quote or line break are quoted (RFC 4180).
 */
final class MatrixCsv {
  static final String HEADER = "server,kind,operation,callers,cores,metric,value,unit";

  private MatrixCsv() {}

  static String format(MatrixResults results) {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    for (MatrixResults.Cell cell : results.cells) {
      String op = cell.operation();
      int c = cell.callers();
      line(out, cell.server(), "load", op, c, "requests", cell.requests(), "count");
      line(out, cell.server(), "load", op, c, "errors", cell.errors(), "count");
      line(out, cell.server(), "load", op, c, "throughput", cell.requestsPerSecond(), "req/s");
      line(out, cell.server(), "load", op, c, "latency_p50", cell.p50Micros(), "us");
      line(out, cell.server(), "load", op, c, "latency_p99", cell.p99Micros(), "us");
      line(
          out,
          cell.server(),
          "load",
          op,
          c,
          "server_cpu_per_request",
          cell.serverCpuMicrosPerRequest(),
          "us");
      line(
          out,
          cell.server(),
          "load",
          op,
          c,
          "server_cpu_per_request_jit",
          cell.jitMicrosPerRequest(),
          "us");
      results
          .thisKmsBeside(cell)
          .ifPresent(
              mine ->
                  line(
                      out,
                      cell.server(),
                      "load",
                      op,
                      c,
                      "cpu_ratio_this_over_other",
                      MatrixResults.ratio(
                          mine.serverCpuMicrosPerRequest(), cell.serverCpuMicrosPerRequest()),
                      "ratio"));
    }
    for (MatrixResults.Startup startup : results.startups) {
      for (long millis : startup.millis()) {
        row(
            out,
            startup.server(),
            "startup",
            "",
            "",
            Integer.toString(startup.cores()),
            "first_encrypt_run",
            Long.toString(millis),
            "ms");
      }
      row(
          out,
          startup.server(),
          "startup",
          "",
          "",
          Integer.toString(startup.cores()),
          "first_encrypt_median",
          Long.toString(startup.medianMillis()),
          "ms");
    }
    for (MatrixResults.Memory memory : results.memory) {
      row(
          out,
          memory.server(),
          "memory",
          "",
          "",
          "",
          "vmrss_ready",
          Long.toString(memory.readyRssKib()),
          "KiB");
      row(
          out,
          memory.server(),
          "memory",
          "",
          "",
          "",
          "vmrss_after_load",
          Long.toString(memory.loadedRssKib()),
          "KiB");
      row(
          out,
          memory.server(),
          "memory",
          "",
          "",
          "",
          "vmhwm_after_load",
          Long.toString(memory.loadedHwmKib()),
          "KiB");
    }
    return out.toString();
  }

  private static void line(
      StringBuilder out,
      String server,
      String kind,
      String op,
      int callers,
      String metric,
      double value,
      String unit) {
    String number =
        Double.isNaN(value) || value < 0
            ? ""
            : value == Math.rint(value)
                ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.3f", value);
    row(out, server, kind, op, Integer.toString(callers), "", metric, number, unit);
  }

  private static void row(StringBuilder out, String... fields) {
    for (int i = 0; i < fields.length; i++) {
      out.append(i == 0 ? "" : ",").append(quote(fields[i]));
    }
    out.append('\n');
  }

  static String quote(String field) {
    if (field.contains(",")
        || field.contains("\"")
        || field.contains("\n")
        || field.contains("\r")) {
      return "\"" + field.replace("\"", "\"\"") + "\"";
    }
    return field;
  }
}
