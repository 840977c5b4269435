package dev.serverlesskms.junit5;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * One Serverless KMS local server running in this JVM: the packaged server's Quarkus application,
 * loaded by a class loader of its own whose parent is the platform class loader, so the test's own
 * Quarkus, Jackson or AWS SDK versions never meet the server's. It listens on a free loopback port
 * and keeps its keys in a temporary directory, deleted when it stops.
 *
 * <p>Known limit: a stopped server's classes stay in memory (tens of megabytes per server started
 * in the JVM), because smallrye-common's static "Reference Reaper" daemon thread, started from the
 * server's class loader, ignores interrupts and keeps that loader reachable
 * (StoppedServerUnloadTest shows it).
 */
public final class KmsServer implements AutoCloseable {
  /** The development credentials the local server accepts (README "Credentials"). */
  public static final String ACCESS_KEY_ID = "test";

  public static final String SECRET_ACCESS_KEY = "test";

  private static final System.Logger LOG = System.getLogger(KmsServer.class.getName());
  private static final String APPLICATION_CLASS = "io.quarkus.runner.ApplicationImpl";
  private static final int START_ATTEMPTS = 3;

  /**
   * Quarkus reads its configuration from system properties when it starts, and they are global to
   * the JVM: servers start one at a time, each with its own properties set only while it starts.
   */
  private static final Object START_LOCK = new Object();

  private final URI endpoint;
  private final String region;
  private final Path dataDirectory;
  private final URLClassLoader loader;
  private final Object application;
  private final Duration startupTime;
  private KmsClient client;
  private boolean stopped;

  private KmsServer(
      URI endpoint,
      String region,
      Path dataDirectory,
      URLClassLoader loader,
      Object application,
      Duration startupTime) {
    this.endpoint = endpoint;
    this.region = region;
    this.dataDirectory = dataDirectory;
    this.loader = loader;
    this.application = application;
    this.startupTime = startupTime;
  }

  /** Starts a server with no seed file, no principals file, in us-east-1. */
  public static KmsServer start() {
    return start(
        new KmsServerOptions(java.util.Optional.empty(), java.util.Optional.empty(), "us-east-1"));
  }

  static KmsServer start(KmsServerOptions options) {
    long started = System.nanoTime();
    long cpuStarted = processCpuNanos();
    Path runnerJar = PackagedServer.runnerJar();
    RuntimeException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return startOnce(runnerJar, options, started, cpuStarted);
      } catch (PortTakenException e) {
        // Another process took the free port between our probe and the server's bind.
        last = e;
      }
    }
    throw last;
  }

  private static KmsServer startOnce(
      Path runnerJar, KmsServerOptions options, long started, long cpuStarted) {
    Path dataDirectory;
    try {
      dataDirectory = Files.createTempDirectory("serverless-kms-junit5-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int port = freeLoopbackPort();
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("quarkus.http.host", "127.0.0.1");
    properties.put("quarkus.http.port", Integer.toString(port));
    properties.put("kms.data-dir", dataDirectory.toString());
    properties.put("kms.region", options.region());
    options.seedFile().ifPresent(f -> properties.put("kms.seed-file", f.toString()));
    options.principalsFile().ifPresent(f -> properties.put("kms.principals-file", f.toString()));

    URLClassLoader loader;
    try {
      loader =
          new URLClassLoader(
              "serverless-kms-server",
              new URL[] {runnerJar.toUri().toURL()},
              ClassLoader.getPlatformClassLoader());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Object application;
    synchronized (START_LOCK) {
      Map<String, String> previous = new LinkedHashMap<>();
      properties.forEach((k, v) -> previous.put(k, System.setProperty(k, v)));
      Thread thread = Thread.currentThread();
      ClassLoader previousLoader = thread.getContextClassLoader();
      thread.setContextClassLoader(loader);
      try {
        application = Class.forName(APPLICATION_CLASS, true, loader).getConstructor().newInstance();
        application
            .getClass()
            .getMethod("start", String[].class)
            .invoke(application, (Object) new String[0]);
      } catch (InvocationTargetException e) {
        close(loader);
        PackagedServer.deleteTree(dataDirectory);
        if (causedByBindFailure(e.getCause())) {
          throw new PortTakenException(e.getCause());
        }
        throw new IllegalStateException(
            "The Serverless KMS server did not start: " + e.getCause(), e.getCause());
      } catch (ReflectiveOperationException e) {
        close(loader);
        PackagedServer.deleteTree(dataDirectory);
        throw new IllegalStateException("Cannot start the packaged Serverless KMS server", e);
      } finally {
        thread.setContextClassLoader(previousLoader);
        previous.forEach(
            (k, v) -> {
              if (v == null) {
                System.clearProperty(k);
              } else {
                System.setProperty(k, v);
              }
            });
      }
    }
    Duration startupTime = Duration.ofNanos(System.nanoTime() - started);
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    // CPU time of the whole JVM while it started (all threads, JIT included): on a busy machine the
    // wall time says more about the neighbours than about the server.
    LOG.log(
        System.Logger.Level.INFO,
        "Serverless KMS started at {0} in {1} ms ({2} ms CPU in this JVM)",
        endpoint,
        startupTime.toMillis(),
        (processCpuNanos() - cpuStarted) / 1_000_000);
    return new KmsServer(
        endpoint, options.region(), dataDirectory, loader, application, startupTime);
  }

  /** The endpoint to give an AWS SDK client ({@code endpointOverride}) or the AWS CLI. */
  public URI endpoint() {
    return endpoint;
  }

  /** The server's region. */
  public String region() {
    return region;
  }

  /** The directory the server keeps its keys and audit log in (deleted when it stops). */
  public Path dataDirectory() {
    return dataDirectory;
  }

  /** From the start request to the server listening. */
  public Duration startupTime() {
    return startupTime;
  }

  /**
   * A client for this server with the development credentials; closed with the server. The SDK's
   * default SigV4 service name ({@code kms}) is the one the local server expects.
   */
  public synchronized KmsClient client() {
    if (client == null) {
      client = newClient(ACCESS_KEY_ID, SECRET_ACCESS_KEY);
    }
    return client;
  }

  /**
   * A new client for this server with other credentials (one of the principals file's access keys);
   * the caller closes it.
   */
  public KmsClient newClient(String accessKeyId, String secretAccessKey) {
    return KmsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(region))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** Stops the server, closes its class loader and deletes its data directory. */
  @Override
  public synchronized void close() {
    if (stopped) {
      return;
    }
    stopped = true;
    if (client != null) {
      client.close();
    }
    Thread thread = Thread.currentThread();
    ClassLoader previousLoader = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      application.getClass().getMethod("stop").invoke(application);
    } catch (ReflectiveOperationException e) {
      LOG.log(System.Logger.Level.WARNING, "Stopping the Serverless KMS server failed", e);
    } finally {
      thread.setContextClassLoader(previousLoader);
    }
    close(loader);
    PackagedServer.deleteTree(dataDirectory);
  }

  private static void close(URLClassLoader loader) {
    try {
      loader.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "Closing the server's class loader failed", e);
    }
  }

  private static long processCpuNanos() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean causedByBindFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof java.net.BindException
          || c.getClass().getSimpleName().contains("BindException")) {
        return true;
      }
    }
    return false;
  }

  private static final class PortTakenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PortTakenException(Throwable cause) {
      super(cause);
    }
  }
}
