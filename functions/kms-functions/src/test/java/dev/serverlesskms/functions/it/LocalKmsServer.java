package dev.serverlesskms.functions.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The real local server, started by a test as its own process from the packaged application (the
 * {@code -runner.jar} Quarkus builds for Lambda), on a free loopback port and a data directory of
 * the test's own. It can be stopped and started again on the same data, to test persistence.
 */
public final class LocalKmsServer implements AutoCloseable {
  public static final String ACCESS_KEY_ID = "test";
  public static final String SECRET_ACCESS_KEY = "test";

  private final Path dataDir;
  private static final String IDLE_TIMEOUT = "quarkus.http.idle-timeout";

  private final Map<String, String> properties;
  private final Map<String, String> environment;
  private final Path logDir;
  private Process process;
  private int port;
  private int starts;

  private LocalKmsServer(
      Path dataDir, Map<String, String> properties, Map<String, String> environment) {
    this.dataDir = dataDir;
    this.properties = properties;
    this.environment = environment;
    this.logDir = Path.of("target", "it-server-logs");
  }

  /** Starts a server on {@code dataDir} with extra {@code -D} properties. */
  public static LocalKmsServer start(Path dataDir, Map<String, String> properties) {
    return start(dataDir, properties, Map.of());
  }

  /**
   * Starts a server with extra {@code -D} properties and environment variables (SoftHSM2 reads
   * {@code SOFTHSM2_CONF} from the process environment).
   */
  public static LocalKmsServer start(
      Path dataDir, Map<String, String> properties, Map<String, String> environment) {
    LocalKmsServer server =
        new LocalKmsServer(dataDir, new LinkedHashMap<>(properties), Map.copyOf(environment));
    server.startProcess();
    return server;
  }

  public static LocalKmsServer start(Path dataDir) {
    return start(dataDir, Map.of());
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The server's log of its latest start. */
  public Path log() {
    return logDir.resolve("server-" + port + "-" + starts + ".log");
  }

  public Path auditLog() {
    return dataDir.resolve("audit.jsonl");
  }

  /** A KmsClient of the AWS SDK for Java v2, signing with the development credentials. */
  public KmsClient client() {
    return client(ACCESS_KEY_ID, SECRET_ACCESS_KEY);
  }

  public KmsClient client(String accessKeyId, String secret) {
    return client(Region.US_EAST_1, accessKeyId, secret);
  }

  /**
   * A client configured for {@code region}, signing with the development credentials: the server
   * serves every region, each request in the region its client signs for.
   */
  public KmsClient client(Region region) {
    return client(region, ACCESS_KEY_ID, SECRET_ACCESS_KEY);
  }

  public KmsClient client(Region region, String accessKeyId, String secret) {
    return KmsClient.builder()
        .endpointOverride(endpoint())
        .region(region)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(
            c -> c.retryStrategy(software.amazon.awssdk.retries.DefaultRetryStrategy.doNotRetry()))
        .build();
  }

  /**
   * Stops the server (SIGTERM, as a developer's Ctrl-C) and starts it again on the same data and
   * port.
   */
  public void restart() {
    stop();
    startProcess(port);
  }

  /**
   * Restarts with these properties added or changed, e.g. a clock offset to move the KMS into the
   * future.
   */
  public void restartWith(Map<String, String> changed) {
    stop();
    properties.putAll(changed);
    startProcess(port);
  }

  public void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  @Override
  public void close() {
    stop();
  }

  private void startProcess() {
    startProcess(freePort());
  }

  private void startProcess(int listenPort) {
    this.port = listenPort;
    String jar =
        System.getProperty("kms.test.server-jar", "target/kms-functions-0.1.0-SNAPSHOT-runner.jar");
    if (!Files.exists(Path.of(jar))) {
      throw new IllegalStateException(
          "the packaged server " + jar + " is missing: run `mvn verify`, not just `mvn test`");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    // C1 only, as the deployed JVM functions run (JAVA_TOOL_OPTIONS in sam-template.yaml): a
    // server that lives for one test class starts in about half the time without C2 compiling.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Dkms.data-dir=" + dataDir.toAbsolutePath());
    command.add("-Dquarkus.http.port=" + listenPort);
    if (!properties.containsKey(IDLE_TIMEOUT)) {
      // RSA_4096 key generation under C1 alone took 5 to 50 s on a busy CI machine: past the
      // product's 30 s idle timeout, which then closed the connection of a request still being
      // served ("Unexpected end of file from server"). Tests that time the idle close set their
      // own.
      command.add("-D" + IDLE_TIMEOUT + "=300s");
    }
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-jar");
    command.add(jar);
    try {
      Files.createDirectories(logDir);
      Path log = logDir.resolve("server-" + listenPort + "-" + (++starts) + ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().putAll(environment);
      process = builder.start();
      awaitListening(log);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the local server", e);
    }
  }

  private void awaitListening(Path log) throws IOException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the local server exited at start:\n" + Files.readString(log));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        sleep(100);
      }
    }
    stop();
    throw new IllegalStateException(
        "the local server did not listen within 60 s:\n" + Files.readString(log));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
