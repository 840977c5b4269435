package dev.serverlesskms.bench;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator's command line, checked: a loopback endpoint only, and bounded threads,
 * durations and payload, so a run always stops by itself.
 */
record LoadOptions(
    URI endpoint,
    int threads,
    Duration duration,
    Duration warmup,
    OperationMix mix,
    int payloadBytes,
    long serverPid,
    boolean each) {
  static final Duration MAX_DURATION = Duration.ofMinutes(10);
  static final Duration MAX_WARMUP = Duration.ofMinutes(2);
  static final int MAX_THREADS = 256;

  /** AWS KMS's Encrypt limit. */
  static final int MAX_PAYLOAD_BYTES = 4096;

  static final String USAGE =
      """
      usage: LoadGenerator [options]
        --endpoint URL      the running local server; loopback only (default http://127.0.0.1:4599)
        --threads N         concurrent callers, 1..256 (default 4)
        --duration T        measured time, e.g. 20s, 2m, at most 10m (default 20s)
        --warmup T          unmeasured time first, at most 2m (default 30s: a freshly started
                            server is still compiling; 5s measures the JIT, not the KMS)
        --mix SPEC          operation weights (default encrypt=1,decrypt=1,generatedatakey=1)
        --payload-bytes N   Encrypt/Decrypt/Sign/GenerateMac message size, 1..4096 (default 32)
        --server-pid PID    the server's process (Linux): report its CPU time per request
                            (run-load.sh passes it)
        --each              after the warm-up with the whole mix, measure each operation of the
                            mix alone, one after the other, for --duration each (one sitting,
                            so their server CPU per request compares fairly)
      Credentials test/test, region us-east-1.""";

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");

  static LoadOptions parse(String[] args) {
    String endpoint = "http://127.0.0.1:4599";
    int threads = 4;
    Duration duration = Duration.ofSeconds(20);
    Duration warmup = Duration.ofSeconds(30);
    String mix = "encrypt=1,decrypt=1,generatedatakey=1";
    int payloadBytes = 32;
    long serverPid = 0;
    boolean each = false;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--each")) {
        each = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + option);
      }
      String value = args[++i];
      switch (option) {
        case "--endpoint" -> endpoint = value;
        case "--threads" -> threads = parseInt(option, value);
        case "--duration" -> duration = parseDuration(option, value);
        case "--warmup" -> warmup = parseDuration(option, value);
        case "--mix" -> mix = value;
        case "--payload-bytes" -> payloadBytes = parseInt(option, value);
        case "--server-pid" -> serverPid = parseInt(option, value);
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }
    requireWithin("--threads", threads, 1, MAX_THREADS);
    requireWithin("--payload-bytes", payloadBytes, 1, MAX_PAYLOAD_BYTES);
    if (duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          "--duration must be above 0 and at most " + MAX_DURATION.toMinutes() + "m");
    }
    if (warmup.compareTo(MAX_WARMUP) > 0) {
      throw new IllegalArgumentException(
          "--warmup must be at most " + MAX_WARMUP.toMinutes() + "m");
    }
    if (serverPid < 0) {
      throw new IllegalArgumentException("--server-pid must be a process id, got " + serverPid);
    }
    return new LoadOptions(
        LoopbackEndpoint.require(endpoint),
        threads,
        duration,
        warmup,
        OperationMix.parse(mix),
        payloadBytes,
        serverPid,
        each);
  }

  private static int parseInt(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " is not a number: " + value);
    }
  }

  private static Duration parseDuration(String option, String value) {
    Matcher matcher = DURATION.matcher(value.trim());
    if (!matcher.matches() || matcher.group(1).length() > 9) {
      throw new IllegalArgumentException(option + " must look like 20s, 2m or 500ms: " + value);
    }
    long amount = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2) == null ? "s" : matcher.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofSeconds(amount);
    };
  }

  private static void requireWithin(String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          option + " must be " + min + ".." + max + ", got " + value);
    }
  }
}
