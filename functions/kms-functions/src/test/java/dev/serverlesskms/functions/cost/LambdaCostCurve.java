package dev.serverlesskms.functions.cost;

import dev.serverlesskms.functions.snapstart.HotPathPrimer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes docs/lambda-cost-curve.csv: the cost per request of the hot path at each memory size, from
 * the CPU time per request measured here in process (after warm-up, this thread's CPU time from
 * ThreadMXBean) and an I/O wait given as argument (DynamoDB GetItem plus Kinesis PutRecord in the
 * same region; not measured here). Run: {@code java -cp <test classpath> ...LambdaCostCurve
 * [ioWaitMs] [extraCpuMs]} where extraCpuMs is CPU the in-process path does not include (the AWS
 * SDK's DynamoDB and Kinesis calls).
 */
public final class LambdaCostCurve {
  private static final int[] MEMORY_MB = {256, 384, 512, 768, 1024, 1536, 1769, 2048};

  private LambdaCostCurve() {}

  public static void main(String[] args) throws IOException {
    double ioWaitMs = args.length > 0 ? Double.parseDouble(args[0]) : 6.0;
    double extraCpuMs = args.length > 1 ? Double.parseDouble(args[1]) : 0.0;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    HotPathPrimer.prime(2000); // warm-up: JIT
    int rounds = 2000;
    long cpuBefore = threads.getCurrentThreadCpuTime();
    HotPathPrimer.prime(rounds);
    long cpuNanos = threads.getCurrentThreadCpuTime() - cpuBefore;
    // three requests per round (Encrypt 4 KB, Decrypt, GenerateDataKey)
    double cpuMs = cpuNanos / 1e6 / (rounds * 3) + extraCpuMs;
    StringBuilder csv =
        new StringBuilder(
            "memory_mb,cpu_share,cpu_ms,io_wait_ms,duration_ms,usd_per_million_x86_64,"
                + "usd_per_million_arm64\n");
    for (int mb : MEMORY_MB) {
      csv.append(
          String.format(
              Locale.ROOT,
              "%d,%.3f,%.3f,%.1f,%.2f,%.4f,%.4f%n",
              mb,
              LambdaCostModel.cpuShare(mb),
              cpuMs,
              ioWaitMs,
              LambdaCostModel.durationMs(mb, cpuMs, ioWaitMs),
              LambdaCostModel.X86_64.costPerRequest(mb, cpuMs, ioWaitMs) * 1e6,
              LambdaCostModel.ARM64.costPerRequest(mb, cpuMs, ioWaitMs) * 1e6));
    }
    Path out = Path.of(args.length > 2 ? args[2] : "docs/lambda-cost-curve.csv");
    Files.writeString(out, csv);
    System.out.print(csv);
  }
}
