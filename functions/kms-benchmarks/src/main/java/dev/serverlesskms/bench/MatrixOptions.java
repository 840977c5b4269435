package dev.serverlesskms.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The matrix runner's command line, checked. Every phase is bounded, so a run stops by itself;
 * {@code --quick} shortens every phase for a smoke run whose figures mean nothing.
 */
record MatrixOptions(
    Path serverJar,
    Path jvmOptions,
    Path kmsLocalScript,
    boolean viaKmsLocal,
    Path localKmsBin,
    List<String> compareCommands,
    List<Integer> callers,
    Duration warmup,
    Duration cellWarmup,
    Duration duration,
    Duration rssLoad,
    int startupRuns,
    Path csv,
    boolean quick) {
  static final Duration MAX_PHASE = Duration.ofMinutes(10);

  static final String USAGE =
      """
      usage: run-matrix.sh [options]
        --server-jar F        the packaged server (default functions/kms-functions/target/...-runner.jar)
        --jvm-options F       the user's JVM options, read at run time
                              (default functions/kms-functions/src/main/local/jvm.options)
        --via-kms-local       start this KMS through ./kms-local instead of java -jar
                              (build first: a rebuild by ./kms-local is not waited for)
        --kms-local F         the ./kms-local script (default ./kms-local)
        --local-kms           also measure local-kms, the binary named by LOCAL_KMS_BIN
        --local-kms-bin F     the same, on the command line
        --compare-command C   also measure the server this shell command starts; {port} and {data}
                              are replaced by its port and a fresh data directory (repeatable)
        --callers LIST        concurrent callers (default 1,8,32)
        --warmup T            unmeasured mixed load per server before the matrix, at the highest
                              caller count, then a third of it at each other count, downwards,
                              ending at the count measured first (default 30s)
        --cell-warmup T       unmeasured load before each measured cell (default 5s)
        --duration T          measured time per cell (default 20s)
        --rss-load T          mixed load at the highest caller count before reading RSS (default 60s)
        --startup-runs N      start-ups per server and core count, median reported (default 5)
        --csv F               also write every figure to F (one measurement per line)
        --quick               smoke run: 3s/1s/3s/5s, 2 start-ups (figures mean nothing)""";

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)?");

  static MatrixOptions parse(String[] args, String localKmsBinFromEnvironment) {
    Path serverJar =
        Path.of("functions/kms-functions/target/kms-functions-0.1.0-SNAPSHOT-runner.jar");
    Path jvmOptions = Path.of("functions/kms-functions/src/main/local/jvm.options");
    Path kmsLocal = Path.of("kms-local");
    boolean viaKmsLocal = false;
    boolean localKms = false;
    Path localKmsBin = null;
    List<String> compare = new ArrayList<>();
    List<Integer> callers = List.of(1, 8, 32);
    Duration warmup = Duration.ofSeconds(30);
    Duration cellWarmup = Duration.ofSeconds(5);
    Duration duration = Duration.ofSeconds(20);
    Duration rssLoad = Duration.ofSeconds(60);
    int startupRuns = 5;
    Path csv = null;
    boolean quick = false;
    boolean warmupSet = false;
    boolean cellWarmupSet = false;
    boolean durationSet = false;
    boolean rssSet = false;
    boolean runsSet = false;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      switch (option) {
        case "--via-kms-local" -> viaKmsLocal = true;
        case "--local-kms" -> localKms = true;
        case "--quick" -> quick = true;
        default -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("missing value after " + option);
          }
          String value = args[++i];
          switch (option) {
            case "--server-jar" -> serverJar = Path.of(value);
            case "--jvm-options" -> jvmOptions = Path.of(value);
            case "--kms-local" -> kmsLocal = Path.of(value);
            case "--local-kms-bin" -> {
              localKms = true;
              localKmsBin = Path.of(value);
            }
            case "--compare-command" -> compare.add(requirePortPlaceholder(value));
            case "--callers" -> callers = parseCallers(value);
            case "--warmup" -> {
              warmup = parseDuration(option, value);
              warmupSet = true;
            }
            case "--cell-warmup" -> {
              cellWarmup = parseDuration(option, value);
              cellWarmupSet = true;
            }
            case "--duration" -> {
              duration = parseDuration(option, value);
              durationSet = true;
            }
            case "--rss-load" -> {
              rssLoad = parseDuration(option, value);
              rssSet = true;
            }
            case "--startup-runs" -> {
              startupRuns = parseInt(option, value, 1, 50);
              runsSet = true;
            }
            case "--csv" -> csv = Path.of(value);
            default -> throw new IllegalArgumentException("unknown option " + option);
          }
        }
      }
    }
    if (quick) { // explicit values still win
      warmup = warmupSet ? warmup : Duration.ofSeconds(3);
      cellWarmup = cellWarmupSet ? cellWarmup : Duration.ofSeconds(1);
      duration = durationSet ? duration : Duration.ofSeconds(3);
      rssLoad = rssSet ? rssLoad : Duration.ofSeconds(5);
      startupRuns = runsSet ? startupRuns : 2;
    }
    if (localKms && localKmsBin == null) {
      if (localKmsBinFromEnvironment == null || localKmsBinFromEnvironment.isBlank()) {
        throw new IllegalArgumentException(
            "--local-kms needs LOCAL_KMS_BIN (or --local-kms-bin F): see README.md");
      }
      localKmsBin = Path.of(localKmsBinFromEnvironment);
    }
    if (duration.isZero()) {
      throw new IllegalArgumentException("--duration must be above 0");
    }
    return new MatrixOptions(
        serverJar,
        jvmOptions,
        kmsLocal,
        viaKmsLocal,
        localKmsBin,
        List.copyOf(compare),
        callers,
        warmup,
        cellWarmup,
        duration,
        rssLoad,
        startupRuns,
        csv,
        quick);
  }

  /** One unmeasured phase of a server's warm-up: mixed load at {@code callers} for {@code time}. */
  record WarmupPhase(int callers, Duration time) {}

  /**
   * A server's warm-up: {@code --warmup} at the highest caller count, then a third of it at each
   * other caller count, downwards, and last at the count measured first (the fewest, by default),
   * so that the first measured cell follows a phase at its own count. With the whole warm-up at 32
   * callers, the first server of a sitting paid for the change to one caller in its first cell and
   * the next server did not: identical servers measured 107 and 58 µs per Encrypt there (benchmarks
   * README, 2026-12-06 night).
   */
  List<WarmupPhase> warmupPhases() {
    if (warmup.isZero()) {
      return List.of();
    }
    int most = maxCallers();
    int measuredFirst = callers.get(0);
    List<WarmupPhase> phases = new ArrayList<>();
    phases.add(new WarmupPhase(most, warmup));
    callers.stream()
        .filter(count -> count != most && count != measuredFirst)
        .sorted(Comparator.reverseOrder())
        .forEach(count -> phases.add(new WarmupPhase(count, warmup.dividedBy(3))));
    if (phases.get(phases.size() - 1).callers() != measuredFirst) {
      phases.add(new WarmupPhase(measuredFirst, warmup.dividedBy(3)));
    }
    return List.copyOf(phases);
  }

  /** The highest caller count: the one RSS is read after. */
  int maxCallers() {
    return callers.stream().mapToInt(Integer::intValue).max().orElseThrow();
  }

  private static String requirePortPlaceholder(String command) {
    if (!command.contains("{port}")) {
      throw new IllegalArgumentException("--compare-command must contain {port}: " + command);
    }
    return command;
  }

  static List<Integer> parseCallers(String value) {
    List<Integer> callers = new ArrayList<>();
    for (String part : value.split(",")) {
      int count = parseInt("--callers", part.trim(), 1, 256);
      if (!callers.contains(count)) {
        callers.add(count);
      }
    }
    return List.copyOf(callers);
  }

  private static int parseInt(String option, String value, int min, int max) {
    int parsed;
    try {
      parsed = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " is not a number: " + value);
    }
    if (parsed < min || parsed > max) {
      throw new IllegalArgumentException(
          option + " must be " + min + ".." + max + ", got " + value);
    }
    return parsed;
  }

  static Duration parseDuration(String option, String value) {
    Matcher matcher = DURATION.matcher(value.trim());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(option + " must look like 20s, 2m or 500ms: " + value);
    }
    long amount = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2) == null ? "s" : matcher.group(2);
    Duration parsed =
        switch (unit) {
          case "ms" -> Duration.ofMillis(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofSeconds(amount);
        };
    if (parsed.compareTo(MAX_PHASE) > 0) {
      throw new IllegalArgumentException(option + " must be at most 10m: " + value);
    }
    return parsed;
  }
}
