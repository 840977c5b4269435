package dev.serverlesskms.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Parsing of Linux's {@code /proc/<pid>/stat}, {@code status} and {@code task/<tid>/children};
 * pure, no I/O.
 */
final class ProcFiles {
  private ProcFiles() {}

  /**
   * utime + stime in clock ticks, from one {@code /proc/<pid>/stat} line (the command may hold
   * spaces and ')').
   */
  static long cpuTicks(String statLine) {
    String[] fields = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split(" ");
    // proc(5): utime and stime are fields 14 and 15 of the line; 11 and 12 here, pid and command
    // cut off.
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /**
   * The command (for a thread: its name) of a {@code /proc/<pid>/stat} line, without parentheses.
   */
  static String command(String statLine) {
    return statLine.substring(statLine.indexOf('(') + 1, statLine.lastIndexOf(')'));
  }

  /**
   * A size field of {@code /proc/<pid>/status} ("VmRSS", "VmHWM") in KiB.
   *
   * @return the size, or -1 when the field is absent (a zombie has none)
   */
  static long statusKib(String status, String field) {
    for (String line : status.split("\n")) {
      if (line.startsWith(field + ":")) {
        String value = line.substring(field.length() + 1).trim();
        if (!value.endsWith(" kB")) {
          throw new IllegalArgumentException("unexpected unit in " + line);
        }
        return Long.parseLong(value.substring(0, value.length() - 3).trim());
      }
    }
    return -1;
  }

  /** The child pids listed in a {@code /proc/<pid>/task/<tid>/children} file. */
  static List<Long> children(String childrenFile) {
    List<Long> pids = new ArrayList<>();
    for (String part : childrenFile.trim().split("\\s+")) {
      if (!part.isEmpty()) {
        pids.add(Long.parseLong(part));
      }
    }
    return pids;
  }
}
