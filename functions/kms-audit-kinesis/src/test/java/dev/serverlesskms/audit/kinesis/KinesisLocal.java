package dev.serverlesskms.audit.kinesis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * A kinesis-local emulator this test JVM started, as a child process ({@code node main.js}) on free
 * ports, and stops again: {@link #close} ends it and any process it started, and a shutdown hook
 * does the same if the JVM exits before {@link #close} runs (a test run that is interrupted leaves
 * nothing behind).
 *
 * <p>{@link #start} returns once the emulator answers {@code GET /healthcheck}. Its ports are found
 * free just before it starts; kinesis-local does not exit when a port is taken, so the window in
 * which another process could take one (milliseconds) is not otherwise guarded.
 */
final class KinesisLocal implements AutoCloseable {
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);

  private final Process process;
  private final URI endpoint;
  private final Path log;
  private final Thread shutdownHook;

  private KinesisLocal(Process process, URI endpoint, Path log) {
    this.process = process;
    this.endpoint = endpoint;
    this.log = log;
    this.shutdownHook = new Thread(this::stopProcessTree, "stop-kinesis-local-" + process.pid());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts an emulator and waits until it answers (at most 30 s).
   *
   * @param name names its log file, {@code <kinesis-local.logs>/<name>.log}
   */
  static KinesisLocal start(String name) throws IOException, InterruptedException {
    Path dir = KinesisLocalPackage.locate();
    Path log = KinesisLocalPackage.logs().resolve(name + ".log");
    int[] ports = freePorts();
    ProcessBuilder builder =
        new ProcessBuilder("node", "main.js")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("KINESIS_MOCK_PLAIN_PORT", Integer.toString(ports[0]));
    builder.environment().put("KINESIS_MOCK_TLS_PORT", Integer.toString(ports[1]));
    builder.environment().put("CREATE_STREAM_DURATION", "50ms");
    builder.environment().put("LOG_LEVEL", "WARN");
    KinesisLocal emulator =
        new KinesisLocal(run(builder), URI.create("http://127.0.0.1:" + ports[0]), log);
    try {
      emulator.awaitHealthy();
      return emulator;
    } catch (RuntimeException | InterruptedException e) {
      emulator.close();
      throw e;
    }
  }

  private static Process run(ProcessBuilder builder) {
    try {
      return builder.start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run `node main.js` in "
              + builder.directory()
              + ": install Node.js (the emulator tests need it)",
          e);
    }
  }

  /** The plain-HTTP endpoint, e.g. {@code http://127.0.0.1:40123}. */
  URI endpoint() {
    return endpoint;
  }

  /** A client for this emulator, built as production builds one; the caller closes it. */
  KinesisClient client() {
    return KinesisAuditClients.create(
        Region.US_EAST_1,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
        endpoint);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Stops the emulator and its child processes: SIGTERM, then SIGKILL after 2 s. A graceful stop
   * waits for the clients' idle keep-alive connections (which the JDK pools beyond a client's
   * close) and saves nothing, since the emulator keeps its data in memory. Idempotent.
   */
  @Override
  public void close() {
    stopProcessTree();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook runs (or ran) stopProcessTree itself.
    }
  }

  private void stopProcessTree() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private void awaitHealthy() throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest health =
        HttpRequest.newBuilder(endpoint.resolve("/healthcheck"))
            .timeout(Duration.ofSeconds(2))
            .GET()
            .build();
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "kinesis-local exited with " + process.exitValue() + " during start-up: " + logTail());
      }
      try {
        if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "kinesis-local did not answer "
            + health.uri()
            + " within "
            + STARTUP_TIMEOUT
            + ": "
            + logTail());
  }

  private String logTail() {
    try {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      return log + ":\n" + text.substring(Math.max(0, text.length() - 2000));
    } catch (IOException e) {
      return "(no log at " + log + ")";
    }
  }

  /** Two ports free now: plain HTTP and TLS (kinesis-local always opens both). */
  private static int[] freePorts() {
    try (ServerSocket plain = new ServerSocket(0);
        ServerSocket tls = new ServerSocket(0)) {
      return new int[] {plain.getLocalPort(), tls.getLocalPort()};
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
