package dev.serverlesskms.functions.cost;

/**
 * What one request costs on Lambda at a memory size, from the CPU time it needs and the time it
 * waits on I/O (DynamoDB, Kinesis). Lambda gives a function CPU in proportion to its memory: 1,769
 * MB is one full vCPU, less is a linear share of one (the hot path is single-threaded, so more than
 * one vCPU does not shorten it). Duration is billed per started millisecond.
 */
record LambdaCostModel(double pricePerGbSecond, double pricePerRequest) {
  /** Memory that buys one full vCPU (Lambda documentation, "Configuring function memory"). */
  static final int FULL_VCPU_MB = 1769;

  // Prices of us-east-1 from https://aws.amazon.com/lambda/pricing/ as read 2026-12 (unchanged
  // since 2022): first pricing tier, per GB-second and per request.
  static final LambdaCostModel X86_64 = new LambdaCostModel(0.0000166667, 0.20 / 1_000_000);
  static final LambdaCostModel ARM64 = new LambdaCostModel(0.0000133334, 0.20 / 1_000_000);

  /** The CPU share of one vCPU at {@code memoryMb}. */
  static double cpuShare(int memoryMb) {
    return Math.min(1.0, memoryMb / (double) FULL_VCPU_MB);
  }

  /** Wall time of one request, in milliseconds. */
  static double durationMs(int memoryMb, double cpuMs, double ioWaitMs) {
    return cpuMs / cpuShare(memoryMb) + ioWaitMs;
  }

  /** Price of one request in US dollars: billed duration (rounded up to 1 ms) plus the request. */
  double costPerRequest(int memoryMb, double cpuMs, double ioWaitMs) {
    double billedSeconds = Math.ceil(durationMs(memoryMb, cpuMs, ioWaitMs)) / 1000.0;
    return memoryMb / 1024.0 * billedSeconds * pricePerGbSecond + pricePerRequest;
  }
}
