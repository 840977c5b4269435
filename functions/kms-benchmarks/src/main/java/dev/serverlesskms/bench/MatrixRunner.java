package dev.serverlesskms.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Issue 13's matrix for each server under test, one server after the other in one sitting: start-up
 * to first Encrypt on 1 and 2 cores, then Encrypt 4 KB, Decrypt (of a 4 KB ciphertext) and
 * GenerateDataKey AES_256 at each caller count with the server pinned to CPU 0 (run-matrix.sh pins
 * this process, the load generator, to CPU 1), then RSS after mixed load at the highest caller
 * count. Prints a markdown table and, with {@code --csv}, writes every figure. Exit 2: bad options;
 * 1: a server failed or a response was wrong.
 */
public final class MatrixRunner {
  private static final List<Operation> OPERATIONS =
      List.of(Operation.ENCRYPT, Operation.DECRYPT, Operation.GENERATE_DATA_KEY);

  private final MatrixOptions options;
  private final Path workDir;
  private final MatrixResults results = new MatrixResults();
  private long errors;

  private MatrixRunner(MatrixOptions options, Path workDir) {
    this.options = options;
    this.workDir = workDir;
  }

  public static void main(String[] args) throws Exception {
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      System.out.println(MatrixOptions.USAGE);
      return;
    }
    MatrixOptions options;
    List<ServerSpec> servers;
    try {
      options = MatrixOptions.parse(args, System.getenv("LOCAL_KMS_BIN"));
      servers = servers(options);
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("MatrixRunner: " + e.getMessage());
      System.err.println(MatrixOptions.USAGE);
      System.exit(2);
      return;
    }
    Path workDir = Files.createTempDirectory("kms-matrix-");
    MatrixRunner runner = new MatrixRunner(options, workDir);
    boolean failed = false;
    try {
      for (ServerSpec server : servers) {
        runner.measure(server);
      }
    } catch (RuntimeException e) {
      System.err.println("MatrixRunner: " + e.getMessage() + " (logs in " + workDir + ")");
      failed = true;
    }
    String table = MatrixTable.format(runner.results);
    System.out.println();
    System.out.print(table);
    if (options.csv() != null) {
      Files.writeString(options.csv(), MatrixCsv.format(runner.results), StandardCharsets.UTF_8);
      System.out.println("\nCSV: " + options.csv());
    }
    System.out.println("Server logs and data: " + workDir);
    if (failed || runner.errors > 0) {
      System.err.println("MatrixRunner: " + runner.errors + " failed or wrong responses");
      System.exit(1);
    }
  }

  static List<ServerSpec> servers(MatrixOptions options) throws IOException {
    List<ServerSpec> servers = new ArrayList<>();
    if (options.viaKmsLocal()) {
      servers.add(ServerSpec.viaKmsLocal(options.kmsLocalScript().toAbsolutePath()));
    } else {
      if (!Files.isRegularFile(options.serverJar())) {
        throw new IOException(
            "missing " + options.serverJar() + " (build it first, see README.md)");
      }
      List<String> jvmOptions =
          JvmOptionsFile.parse(Files.readString(options.jvmOptions(), StandardCharsets.UTF_8));
      servers.add(ServerSpec.thisKms(options.serverJar().toAbsolutePath(), jvmOptions));
    }
    if (options.localKmsBin() != null) {
      if (!Files.isExecutable(options.localKmsBin())) {
        throw new IOException("LOCAL_KMS_BIN is not an executable: " + options.localKmsBin());
      }
      servers.add(ServerSpec.localKms(options.localKmsBin().toAbsolutePath()));
    }
    options.compareCommands().forEach(command -> servers.add(ServerSpec.compareCommand(command)));
    return servers;
  }

  private void measure(ServerSpec server) throws IOException, InterruptedException {
    results.servers.add(server.name());
    Path dir = Files.createDirectories(workDir.resolve("server-" + results.servers.size()));
    Path data = dir.resolve("data");
    Path log = dir.resolve("server.log");
    progress("%s: %s", server.name(), String.join(" ", server.command()));

    // Preparation, untimed: the key every start-up encrypts with, kept in the data directory.
    String keyId;
    long readyRss;
    int port = ServerProcess.freePort();
    try (StartupProbe probe = new StartupProbe(port);
        ServerProcess process = ServerProcess.start(server, port, data, "0", log)) {
      keyId = probe.createKey(process);
      readyRss = process.statusKib("VmRSS");
    }
    for (int cores : new int[] {1, 2}) {
      List<Long> millis = new ArrayList<>();
      for (int run = 0; run < options.startupRuns(); run++) {
        int runPort = ServerProcess.freePort();
        try (StartupProbe probe = new StartupProbe(runPort);
            ServerProcess process =
                ServerProcess.start(server, runPort, data, cores == 1 ? "0" : "0,1", log)) {
          millis.add(probe.millisToFirstEncrypt(process, keyId));
        }
      }
      results.startups.add(new MatrixResults.Startup(server.name(), cores, List.copyOf(millis)));
      progress("  start-up on %d core(s): %s ms", cores, millis);
    }

    port = ServerProcess.freePort();
    try (StartupProbe probe = new StartupProbe(port);
        ServerProcess process = ServerProcess.start(server, port, data, "0", log)) {
      probe.millisToFirstEncrypt(process, keyId);
      ServerCpu cpu = new ServerCpu(process.pid());
      for (MatrixOptions.WarmupPhase warmup : options.warmupPhases()) {
        progress("  warm-up %s at %d callers", warmup.time(), warmup.callers());
        mixedLoad(port, warmup.callers(), cpu, warmup.time());
      }
      for (int callers : options.callers()) {
        try (WireTarget target = target(port, callers)) {
          for (Operation operation : OPERATIONS) {
            LoadPhase phase =
                new LoadPhase(target, OperationMix.parse(operation.awsName), callers, cpu);
            if (!options.cellWarmup().isZero()) {
              count(phase.run(options.cellWarmup()).results());
            }
            results.cells.add(
                cell(server.name(), operation, callers, phase.run(options.duration())));
            MatrixResults.Cell cell = results.cells.get(results.cells.size() - 1);
            progress(
                "  %s c=%d: %s req/s, %s µs CPU/req (JIT %s), p99 %s ms, %d errors",
                operation.awsName,
                callers,
                MatrixTable.whole(cell.requestsPerSecond()),
                MatrixTable.whole(cell.serverCpuMicrosPerRequest()),
                MatrixTable.whole(cell.jitMicrosPerRequest()),
                MatrixTable.millis(cell.p99Micros()),
                cell.errors());
          }
        }
      }
      if (!options.rssLoad().isZero()) {
        mixedLoad(port, options.maxCallers(), cpu, options.rssLoad());
      }
      results.memory.add(
          new MatrixResults.Memory(
              server.name(), readyRss, process.statusKib("VmRSS"), process.statusKib("VmHWM")));
    }
  }

  /** Unmeasured load of all three operations, as the warm-up and the RSS phase apply it. */
  private void mixedLoad(int port, int callers, ServerCpu cpu, Duration time)
      throws InterruptedException {
    try (WireTarget target = target(port, callers)) {
      OperationMix allThree = OperationMix.parse("encrypt,decrypt,generatedatakey");
      count(new LoadPhase(target, allThree, callers, cpu).run(time).results());
    }
  }

  private static WireTarget target(int port, int callers) {
    return new WireTarget(
        LoadOptions.parse(
            new String[] {
              "--endpoint",
              "http://127.0.0.1:" + port,
              "--threads",
              Integer.toString(callers),
              "--payload-bytes",
              "4096",
              "--mix",
              "encrypt,decrypt,generatedatakey"
            }));
  }

  private MatrixResults.Cell cell(
      String server, Operation operation, int callers, LoadPhase.Outcome outcome) {
    LoadResults measured = outcome.results();
    long failures = count(measured);
    Histogram latency = measured.latency(operation);
    boolean any = latency.getTotalCount() > 0;
    double seconds = outcome.elapsed().toNanos() / 1e9;
    return new MatrixResults.Cell(
        server,
        operation.awsName,
        callers,
        measured.requests(),
        failures,
        measured.requests() / seconds,
        any ? latency.getValueAtPercentile(50) : -1,
        any ? latency.getValueAtPercentile(99) : -1,
        outcome.serverCpuMicrosPerRequest(),
        outcome.serverCpuMicrosPerRequest(ThreadKind.JIT));
  }

  /** Counts a phase's failures into the run's, printing their codes. */
  private long count(LoadResults phase) {
    long failures = phase.errorCodes().values().stream().mapToLong(Long::longValue).sum();
    if (failures > 0) {
      progress("  errors: %s", phase.errorCodes());
    }
    errors += failures;
    return failures;
  }

  private static void progress(String format, Object... args) {
    System.err.println(String.format(Locale.ROOT, format, args));
  }
}
