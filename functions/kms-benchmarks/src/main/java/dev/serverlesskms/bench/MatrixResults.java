package dev.serverlesskms.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every figure of one matrix run, in the order measured; the first server is "this" in the ratios.
 */
final class MatrixResults {
  /**
   * One operation at one caller count on one server. Latencies in µs; -1 when unknown. {@code
   * jitMicrosPerRequest} is the part of the server's CPU its JIT compiler threads used.
   */
  record Cell(
      String server,
      String operation,
      int callers,
      long requests,
      long errors,
      double requestsPerSecond,
      long p50Micros,
      long p99Micros,
      double serverCpuMicrosPerRequest,
      double jitMicrosPerRequest) {}

  /** Start-up to first Encrypt on a number of cores, one entry per run. */
  record Startup(String server, int cores, List<Long> millis) {
    long medianMillis() {
      return Median.of(millis);
    }
  }

  /** Resident memory when ready and after the RSS load, in KiB. */
  record Memory(String server, long readyRssKib, long loadedRssKib, long loadedHwmKib) {}

  final List<String> servers = new ArrayList<>();
  final List<Cell> cells = new ArrayList<>();
  final List<Startup> startups = new ArrayList<>();
  final List<Memory> memory = new ArrayList<>();

  /**
   * The first server's cell for the same operation and callers, if this cell is another server's.
   */
  Optional<Cell> thisKmsBeside(Cell cell) {
    if (servers.isEmpty() || cell.server().equals(servers.get(0))) {
      return Optional.empty();
    }
    return cells.stream()
        .filter(
            c ->
                c.server().equals(servers.get(0))
                    && c.operation().equals(cell.operation())
                    && c.callers() == cell.callers())
        .findFirst();
  }

  /** this/other, or NaN when either side is unknown or the other is zero. */
  static double ratio(double thisValue, double otherValue) {
    return thisValue < 0 || otherValue <= 0 ? Double.NaN : thisValue / otherValue;
  }

  /** Median of whole numbers: the middle one, or the mean of the two middle ones (rounded down). */
  static final class Median {
    private Median() {}

    static long of(List<Long> values) {
      if (values.isEmpty()) {
        return -1;
      }
      List<Long> sorted = values.stream().sorted().toList();
      int middle = sorted.size() / 2;
      return sorted.size() % 2 == 1
          ? sorted.get(middle)
          : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
  }
}
