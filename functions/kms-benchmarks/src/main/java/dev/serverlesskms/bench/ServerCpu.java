package dev.serverlesskms.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time a server process has used so far, from Linux's {@code /proc/<pid>/stat} (user +
 * system time of all its threads), so a run can report the server's CPU per request apart from the
 * load generator's own (which shares the machine and would otherwise be counted with it).
 */
final class ServerCpu {
  private final Path stat;
  private final long nanosPerTick;

  ServerCpu(long pid) {
    this.stat = Path.of("/proc", Long.toString(pid), "stat");
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
    // Fields after the command name, which is in parentheses and may itself hold spaces.
    String[] fields = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
    // proc(5): utime is field 14 and stime field 15 of the whole line; here they are 11 and 12
    // (0-based) because the pid and the command name are cut off.
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * nanosPerTick;
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
