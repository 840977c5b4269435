package dev.serverlesskms.bench;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Drives a running local KMS server over the wire and prints requests/s, errors by AWS error code
 * and latency percentiles. Loopback endpoints only; every run is bounded (see {@link LoadOptions}).
 * Exits 2 on bad options and 1 when not one measured request succeeded.
 *
 * <pre>
 * java -cp target/benchmarks.jar dev.serverlesskms.bench.LoadGenerator --endpoint http://127.0.0.1:4599 \
 *     --threads 4 --duration 20s --mix encrypt=2,decrypt=2,generatedatakey=1 --payload-bytes 32
 * java -cp target/benchmarks.jar dev.serverlesskms.bench.LoadGenerator --server-pid 1234 --each \
 *     --mix encrypt,sign,generatemac --threads 1
 * </pre>
 */
public final class LoadGenerator {
  private LoadGenerator() {}

  public static void main(String[] args) throws InterruptedException {
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      System.out.println(LoadOptions.USAGE);
      return;
    }
    LoadOptions options;
    try {
      options = LoadOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("LoadGenerator: " + e.getMessage());
      System.err.println(LoadOptions.USAGE);
      System.exit(2);
      return;
    }
    WireTarget target;
    try {
      target = new WireTarget(options);
    } catch (SdkException e) {
      System.err.println(
          "LoadGenerator: could not create a key at " + options.endpoint() + ": " + e.getMessage());
      System.exit(1);
      return;
    }
    ServerCpu serverCpu = options.serverPid() == 0 ? null : new ServerCpu(options.serverPid());
    long successes = 0;
    try (target) {
      LoadPhase phase = new LoadPhase(target, options.mix(), options.threads(), serverCpu);
      LoadPhase.Outcome warmup =
          options.warmup().isZero()
              ? new LoadPhase.Outcome(new LoadResults(), options.warmup(), -1)
              : phase.run(options.warmup());
      if (options.each()) {
        Map<Operation, LoadPhase.Outcome> alone = new EnumMap<>(Operation.class);
        for (Operation operation : options.mix().operations()) {
          LoadPhase.Outcome outcome =
              phase.with(options.mix().only(operation)).run(options.duration());
          alone.put(operation, outcome);
          successes += outcome.results().allLatencies().getTotalCount();
        }
        System.out.print(LoadReport.formatEach(options, target.keyId(), warmup, alone));
      } else {
        LoadPhase.Outcome measured = phase.run(options.duration());
        successes = measured.results().allLatencies().getTotalCount();
        System.out.print(LoadReport.format(options, target.keyId(), warmup, measured));
      }
    }
    if (successes == 0) {
      System.err.println("LoadGenerator: no request succeeded");
      System.exit(1);
    }
  }
}
