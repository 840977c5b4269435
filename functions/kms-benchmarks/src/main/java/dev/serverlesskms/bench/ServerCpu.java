package dev.serverlesskms.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU time a server process has used so far, from Linux's {@code /proc/<pid>/stat} (user +
 * system time of all its threads), so a run can report the server's CPU per request apart from the
 * load generator's own (which shares the machine and would otherwise be counted with it), and split
 * by what its threads do ({@link ThreadKind}, from {@code /proc/<pid>/task/<tid>/stat}).
 */
final class ServerCpu {
  private final Path stat;
  private final Path tasks;
  private final long nanosPerTick;

  /** The process's CPU time and each of its live threads' at one moment, in nanoseconds. */
  record Snapshot(long totalNanos, Map<String, ThreadTime> threads) {}

  /** One thread's kind and CPU time. */
  record ThreadTime(ThreadKind kind, long nanos) {}

  ServerCpu(long pid) {
    this.stat = Path.of("/proc", Long.toString(pid), "stat");
    this.tasks = Path.of("/proc", Long.toString(pid), "task");
    if (!Files.isReadable(stat)) {
      throw new IllegalArgumentException(
          "--server-pid " + pid + ": no readable " + stat + " (Linux only)");
    }
    this.nanosPerTick = 1_000_000_000L / clockTicksPerSecond();
  }

  /**
   * User + system CPU time of the process until now, in nanoseconds (resolution: one clock tick).
   */
  long cpuNanos() {
    String line;
    try {
      line = Files.readString(stat, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalStateException("the server process is gone: " + stat, e);
    }
    return ProcFiles.cpuTicks(line) * nanosPerTick;
  }

  /** The process's CPU time and its threads', read one after the other (a tick or so apart). */
  Snapshot snapshot() {
    long total = cpuNanos();
    Map<String, ThreadTime> threads = new HashMap<>();
    try (DirectoryStream<Path> tids = Files.newDirectoryStream(tasks)) {
      for (Path tid : tids) {
        String line;
        try {
          line = Files.readString(tid.resolve("stat"), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException ended) {
          continue; // the thread ended after the listing
        }
        threads.put(
            tid.getFileName().toString(),
            new ThreadTime(
                ThreadKind.of(ProcFiles.command(line)), ProcFiles.cpuTicks(line) * nanosPerTick));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the server's threads could not be read: " + tasks, e);
    }
    return new Snapshot(total, Map.copyOf(threads));
  }

  /**
   * The CPU time used between two snapshots, by kind of thread. A thread that ended in between took
   * its time with it from the thread list, but not from the process's: what the listed threads do
   * not account for is {@link ThreadKind#OTHER}'s, so the kinds add up to the total.
   */
  static Map<ThreadKind, Long> byKind(Snapshot before, Snapshot after) {
    Map<ThreadKind, Long> used = new EnumMap<>(ThreadKind.class);
    long accounted = 0;
    for (Map.Entry<String, ThreadTime> thread : after.threads().entrySet()) {
      ThreadTime earlier = before.threads().get(thread.getKey());
      long nanos = thread.getValue().nanos();
      if (earlier != null && earlier.nanos() <= nanos) {
        nanos -= earlier.nanos(); // else a new thread got an ended one's id: all of it is new
      }
      used.merge(thread.getValue().kind(), nanos, Long::sum);
      accounted += nanos;
    }
    long total = after.totalNanos() - before.totalNanos();
    used.merge(ThreadKind.OTHER, Math.max(0, total - accounted), Long::sum);
    for (ThreadKind kind : ThreadKind.values()) {
      used.putIfAbsent(kind, 0L);
    }
    return used;
  }

  /** USER_HZ: 100 on every common Linux, asked of getconf in case this one differs. */
  private static long clockTicksPerSecond() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out =
          new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      if (getconf.waitFor() == 0 && out.matches("\\d+") && Long.parseLong(out) > 0) {
        return Long.parseLong(out);
      }
    } catch (IOException e) {
      // fall through to Linux's USER_HZ
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 100;
  }
}
