package dev.serverlesskms.bench;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What one worker saw (or, after {@link #add}, all of them): per operation, the latency of every
 * successful request (HdrHistogram, microseconds, 3 significant digits) and the failures, counted
 * by AWS error code. Not thread-safe: one per worker, merged at the end.
 */
final class LoadResults {
  private final Map<Operation, Histogram> latencies = new EnumMap<>(Operation.class);
  private final Map<Operation, Long> failures = new EnumMap<>(Operation.class);
  private final Map<String, Long> errorCodes = new TreeMap<>();

  void success(Operation operation, long micros) {
    histogram(operation).recordValue(Math.max(0, micros));
  }

  void failure(Operation operation, String errorCode) {
    failures.merge(operation, 1L, Long::sum);
    errorCodes.merge(errorCode, 1L, Long::sum);
  }

  void add(LoadResults other) {
    other.latencies.forEach((operation, histogram) -> histogram(operation).add(histogram));
    other.failures.forEach((operation, count) -> failures.merge(operation, count, Long::sum));
    other.errorCodes.forEach((code, count) -> errorCodes.merge(code, count, Long::sum));
  }

  /** Successful requests' latencies; an empty histogram for an operation that never succeeded. */
  Histogram latency(Operation operation) {
    return histogram(operation);
  }

  /** All operations' latencies together. */
  Histogram allLatencies() {
    Histogram all = new Histogram(3);
    latencies.values().forEach(all::add);
    return all;
  }

  long failures(Operation operation) {
    return failures.getOrDefault(operation, 0L);
  }

  Map<String, Long> errorCodes() {
    return errorCodes;
  }

  long requests() {
    long successes = latencies.values().stream().mapToLong(Histogram::getTotalCount).sum();
    return successes + failures.values().stream().mapToLong(Long::longValue).sum();
  }

  private Histogram histogram(Operation operation) {
    return latencies.computeIfAbsent(operation, o -> new Histogram(3));
  }
}
