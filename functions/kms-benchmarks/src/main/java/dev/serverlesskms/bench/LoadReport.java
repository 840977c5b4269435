package dev.serverlesskms.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Formats a measured {@link LoadPhase.Outcome} (or one per operation, {@code --each}) as a
 * plain-text report; the server's CPU per request when its process is known ({@code --server-pid}).
 */
final class LoadReport {
  private static final String ROW = "%-16s %9s %10s %7s %9s %9s %9s %9s %12s%n";
  private static final String COLUMNS =
      String.format(
          ROW,
          "operation",
          "requests",
          "req/s",
          "errors",
          "p50 ms",
          "p90 ms",
          "p99 ms",
          "max ms",
          "srv CPU us/r");

  private LoadReport() {}

  static String format(
      LoadOptions options, String keyId, LoadPhase.Outcome warmup, LoadPhase.Outcome measured) {
    StringBuilder out = header(options, keyId, warmup);
    double seconds = measured.elapsed().toNanos() / 1e9;
    out.append(String.format("  measured   %s%n%n", seconds(measured.elapsed()))).append(COLUMNS);
    LoadResults results = measured.results();
    long allFailures = 0;
    for (Operation operation : Operation.values()) {
      if (options.mix().includes(operation)) {
        long failures = results.failures(operation);
        allFailures += failures;
        out.append(row(operation.awsName, results.latency(operation), failures, seconds, -1));
      }
    }
    out.append(
        row(
            "all",
            results.allLatencies(),
            allFailures,
            seconds,
            measured.serverCpuMicrosPerRequest()));
    out.append(byKind(measured));
    errors(out, results);
    out.append(
        "(server CPU per request is known for the whole mix only; measure operations alone with --each)\n");
    return out.toString();
  }

  /**
   * The server's CPU per request split by kind of thread, or nothing when unknown: a JIT share well
   * above zero means the run measured the warm-up as well as the requests.
   */
  static String byKind(LoadPhase.Outcome outcome) {
    if (outcome.serverCpuNanosByKind().isEmpty()) {
      return "";
    }
    StringBuilder line = new StringBuilder("server CPU us/r by thread:");
    String separator = " ";
    for (ThreadKind kind : ThreadKind.values()) {
      line.append(separator)
          .append(kind.label)
          .append(' ')
          .append(String.format(Locale.ROOT, "%.1f", outcome.serverCpuMicrosPerRequest(kind)));
      separator = ", ";
    }
    return line.append('\n').toString();
  }

  /** Each operation measured alone, one after the other, with its server CPU beside the first's. */
  static String formatEach(
      LoadOptions options,
      String keyId,
      LoadPhase.Outcome warmup,
      Map<Operation, LoadPhase.Outcome> alone) {
    StringBuilder out = header(options, keyId, warmup);
    out.append(
            String.format(
                "  measured   each operation alone, %s each%n%n", seconds(options.duration())))
        .append(COLUMNS.stripTrailing())
        .append(String.format("  %8s%n", "x first"));
    LoadResults all = new LoadResults();
    double first = -1;
    for (Map.Entry<Operation, LoadPhase.Outcome> entry : alone.entrySet()) {
      LoadPhase.Outcome outcome = entry.getValue();
      LoadResults results = outcome.results();
      all.add(results);
      double cpu = outcome.serverCpuMicrosPerRequest();
      if (first < 0) {
        first = cpu;
      }
      out.append(
              row(
                      entry.getKey().awsName,
                      results.latency(entry.getKey()),
                      results.failures(entry.getKey()),
                      outcome.elapsed().toNanos() / 1e9,
                      cpu)
                  .stripTrailing())
          .append(
              String.format(
                  "  %8s%n", cpu < 0 || first <= 0 ? "-" : String.format("%.2f", cpu / first)));
    }
    for (Map.Entry<Operation, LoadPhase.Outcome> entry : alone.entrySet()) {
      String split = byKind(entry.getValue());
      if (!split.isEmpty()) {
        out.append(String.format("%-16s ", entry.getKey().awsName)).append(split);
      }
    }
    errors(out, all);
    return out.toString();
  }

  private static StringBuilder header(LoadOptions options, String keyId, LoadPhase.Outcome warmup) {
    StringBuilder out = new StringBuilder();
    out.append("Serverless KMS wire load\n")
        .append(String.format("  endpoint   %s (key %s)%n", options.endpoint(), keyId))
        .append(String.format("  threads    %d, closed loop, no retries%n", options.threads()))
        .append(
            String.format(
                "  payload    %d bytes (Encrypt/Decrypt plaintext, Sign/GenerateMac message); GenerateDataKey AES_256%n",
                options.payloadBytes()))
        .append(String.format("  mix        %s%n", options.mix()))
        .append(
            String.format(
                "  warm-up    %s, %d requests, not counted%n",
                seconds(warmup.elapsed()), warmup.results().requests()));
    return out;
  }

  private static void errors(StringBuilder out, LoadResults results) {
    out.append("\nerrors by AWS error code: ");
    if (results.errorCodes().isEmpty()) {
      out.append("none\n");
    } else {
      out.append('\n');
      for (Map.Entry<String, Long> entry : results.errorCodes().entrySet()) {
        out.append(String.format("  %-40s %d%n", entry.getKey(), entry.getValue()));
      }
    }
    out.append(
        "(latencies are of successful requests, client side, including the SDK's signing and parsing)\n");
  }

  private static String row(
      String name, Histogram latency, long failures, double seconds, double cpuMicros) {
    long requests = latency.getTotalCount() + failures;
    return String.format(
        ROW,
        name,
        requests,
        String.format("%.1f", requests / seconds),
        failures,
        millis(latency, 50),
        millis(latency, 90),
        millis(latency, 99),
        maxMillis(latency),
        cpuMicros < 0 ? "-" : String.format("%.0f", cpuMicros));
  }

  private static String millis(Histogram latency, double percentile) {
    return latency.getTotalCount() == 0
        ? "-"
        : String.format("%.2f", latency.getValueAtPercentile(percentile) / 1000.0);
  }

  private static String maxMillis(Histogram latency) {
    return latency.getTotalCount() == 0
        ? "-"
        : String.format("%.2f", latency.getMaxValue() / 1000.0);
  }

  private static String seconds(Duration duration) {
    return String.format("%.2f s", duration.toNanos() / 1e9);
  }
}
