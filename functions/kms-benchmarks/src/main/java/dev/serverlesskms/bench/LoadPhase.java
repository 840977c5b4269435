package dev.serverlesskms.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Runs {@code threads} closed-loop callers against a {@link WireTarget} for a fixed time: each
 * sends its next request as soon as the previous one answers, and none starts a request after the
 * deadline. Requests still in flight then are waited for, bounded by the SDK's call timeout.
 */
final class LoadPhase {
  private final WireTarget target;
  private final OperationMix mix;
  private final int threads;
  private final ServerCpu serverCpu;

  /**
   * @param serverCpu the server's CPU clock, or {@code null} when the server's process is not known
   */
  LoadPhase(WireTarget target, OperationMix mix, int threads, ServerCpu serverCpu) {
    this.target = target;
    this.mix = mix;
    this.threads = threads;
    this.serverCpu = serverCpu;
  }

  /** The same callers and server, another mix. */
  LoadPhase with(OperationMix other) {
    return new LoadPhase(target, other, threads, serverCpu);
  }

  /**
   * The results, the wall time from the first request to the last answer, and the CPU time the
   * server used meanwhile ({@code -1} when unknown).
   */
  record Outcome(
      LoadResults results,
      Duration elapsed,
      long serverCpuNanos,
      Map<ThreadKind, Long> serverCpuNanosByKind) {
    /** An outcome without the split by kind of thread. */
    Outcome(LoadResults results, Duration elapsed, long serverCpuNanos) {
      this(results, elapsed, serverCpuNanos, Map.of());
    }

    /** Server CPU per request (successful or not) in microseconds, or {@code -1} when unknown. */
    double serverCpuMicrosPerRequest() {
      return perRequest(serverCpuNanos);
    }

    /** The part of it used by one kind of thread, or {@code -1} when unknown. */
    double serverCpuMicrosPerRequest(ThreadKind kind) {
      return perRequest(serverCpuNanosByKind.getOrDefault(kind, -1L));
    }

    private double perRequest(long nanos) {
      long requests = results.requests();
      return nanos < 0 || requests == 0 ? -1 : nanos / 1e3 / requests;
    }
  }

  Outcome run(Duration duration) throws InterruptedException {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            runnable -> {
              Thread thread = new Thread(runnable, "load-worker");
              thread.setDaemon(true); // never keeps the JVM alive past main
              return thread;
            });
    ServerCpu.Snapshot cpuBefore = serverCpu == null ? null : serverCpu.snapshot();
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    List<Future<LoadResults>> workers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      workers.add(pool.submit(() -> work(deadline)));
    }
    pool.shutdown();
    long graceNanos = WireTarget.callTimeout().plusSeconds(10).toNanos();
    LoadResults all = new LoadResults();
    try {
      for (Future<LoadResults> worker : workers) {
        long left = deadline + graceNanos - System.nanoTime();
        all.add(worker.get(Math.max(left, 0), TimeUnit.NANOSECONDS));
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("a load worker failed or did not stop in time", e);
    } finally {
      pool.shutdownNow();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    if (serverCpu == null) {
      return new Outcome(all, elapsed, -1);
    }
    ServerCpu.Snapshot cpuAfter = serverCpu.snapshot();
    return new Outcome(
        all,
        elapsed,
        cpuAfter.totalNanos() - cpuBefore.totalNanos(),
        ServerCpu.byKind(cpuBefore, cpuAfter));
  }

  private LoadResults work(long deadline) {
    LoadResults results = new LoadResults();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
      Operation operation = mix.pick(random);
      long sent = System.nanoTime();
      try {
        target.call(operation);
        results.success(operation, (System.nanoTime() - sent) / 1_000);
      } catch (AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        results.failure(operation, code == null ? "HTTP " + e.statusCode() : code);
      } catch (WrongResponseException e) {
        results.failure(operation, "wrong response: " + e.getMessage());
      } catch (SdkClientException e) {
        results.failure(operation, "client: " + rootCause(e).getClass().getSimpleName());
      }
    }
    return results;
  }

  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}
