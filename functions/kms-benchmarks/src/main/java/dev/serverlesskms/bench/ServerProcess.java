package dev.serverlesskms.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One running server under test, pinned to the given CPUs with {@code taskset}. Its memory is read
 * from {@code /proc} for the whole process tree (a wrapper shell or script that did not exec adds
 * its own few hundred KiB); its CPU time by thread is {@link ServerCpu}'s.
 */
final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final long startedNanos;

  private ServerProcess(Process process, int port, long startedNanos) {
    this.process = process;
    this.port = port;
    this.startedNanos = startedNanos;
  }

  /**
   * @param cpus taskset's CPU list ("0", "0,1"), or null to leave the affinity alone
   */
  static ServerProcess start(ServerSpec spec, int port, Path data, String cpus, Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    if (cpus != null) {
      command.addAll(List.of("taskset", "-c", cpus));
    }
    command.addAll(spec.commandFor(port, data));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(spec.environmentFor(port, data));
    long started = System.nanoTime();
    return new ServerProcess(builder.start(), port, started);
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  long startedNanos() {
    return startedNanos;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** A size field of /proc/PID/status (VmRSS, VmHWM) summed over the tree, in KiB. */
  long statusKib(String field) {
    long kib = 0;
    for (long pid : tree()) {
      String status = read(Path.of("/proc", Long.toString(pid), "status"));
      long value = status == null ? -1 : ProcFiles.statusKib(status, field);
      kib += Math.max(value, 0);
    }
    return kib;
  }

  private List<Long> tree() {
    List<Long> pids = new ArrayList<>();
    pids.add(process.pid());
    for (int i = 0; i < pids.size(); i++) {
      Path tasks = Path.of("/proc", Long.toString(pids.get(i)), "task");
      try (var stream = Files.list(tasks)) {
        for (Path task : stream.toList()) {
          String children = read(task.resolve("children"));
          if (children != null) {
            pids.addAll(ProcFiles.children(children));
          }
        }
      } catch (IOException e) {
        // the process exited meanwhile
      }
    }
    return pids;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return null;
    }
  }

  /** A loopback port the kernel considers free right now. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** TERM to the tree, up to 10 s, then KILL. */
  @Override
  public void close() {
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    all.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        all.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      all.forEach(ProcessHandle::destroyForcibly);
      Thread.currentThread().interrupt();
    }
  }
}
