package dev.serverlesskms.functions.ric;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Runtime API (2018-06-01), as the Lambda service offers it to a function's runtime, on
 * loopback: {@code GET invocation/next} hands out queued events (blocking, as a long poll, until
 * one is queued), {@code POST invocation/{id}/response} and {@code /error} complete them, {@code
 * POST init/error} records a failed start. One instance serves one runtime process: a runtime that
 * is killed mid-poll leaves its poll behind, and a fresh API per process keeps that poll from
 * swallowing the next process's event.
 */
final class LocalRuntimeApi implements AutoCloseable {
  private static final String PREFIX = "/2018-06-01/runtime/";
  private static final Pattern INVOCATION_RESULT =
      Pattern.compile("invocation/([^/]+)/(response|error)");

  /** How long a long poll waits between looks at whether the API is closing. */
  private static final Duration POLL_SLICE = Duration.ofMillis(200);

  /** The time each invocation is given, as Lambda-Runtime-Deadline-Ms tells the function. */
  private static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(30);

  private static final String ACCOUNT = "000000000000";
  private static final String REGION = "us-east-1";

  private final HttpServer server;
  private final ExecutorService executor;
  private final String functionName;
  private final BlockingQueue<QueuedInvocation> queue = new LinkedBlockingQueue<>();
  private final Map<String, CompletableFuture<RuntimeResult>> inFlight = new ConcurrentHashMap<>();
  private final CompletableFuture<String> initError = new CompletableFuture<>();
  private volatile boolean closed;

  private record QueuedInvocation(
      String requestId, byte[] payload, CompletableFuture<RuntimeResult> result) {}

  private LocalRuntimeApi(HttpServer server, ExecutorService executor, String functionName) {
    this.server = server;
    this.executor = executor;
    this.functionName = functionName;
  }

  /**
   * Starts the API on a free loopback port, for the function named {@code functionName} (it appears
   * in the invoked ARN).
   */
  static LocalRuntimeApi start(String functionName) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // A long poll holds its thread until an event comes: the results must be served by other
    // threads.
    ExecutorService executor =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread = new Thread(runnable, "local-runtime-api");
              thread.setDaemon(true);
              return thread;
            });
    LocalRuntimeApi api = new LocalRuntimeApi(server, executor, functionName);
    server.createContext(PREFIX, api::handle);
    server.setExecutor(executor);
    server.start();
    return api;
  }

  /** The value for AWS_LAMBDA_RUNTIME_API: host and port, no scheme. */
  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Queues an event for the runtime's next poll; the future completes when the runtime posts its
   * result.
   */
  CompletableFuture<RuntimeResult> invoke(String payloadJson) {
    if (closed) {
      throw new IllegalStateException("the runtime API is closed");
    }
    QueuedInvocation invocation =
        new QueuedInvocation(
            UUID.randomUUID().toString(),
            payloadJson.getBytes(StandardCharsets.UTF_8),
            new CompletableFuture<>());
    queue.add(invocation);
    return invocation.result();
  }

  /** Completes with the body the runtime posted to init/error, if it did. */
  CompletableFuture<String> initError() {
    return initError;
  }

  @Override
  public void close() {
    closed = true;
    server.stop(0);
    executor.shutdownNow();
    IllegalStateException gone =
        new IllegalStateException("the runtime API closed before the runtime answered");
    inFlight.values().forEach(f -> f.completeExceptionally(gone));
    queue.forEach(q -> q.result().completeExceptionally(gone));
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
      String method = exchange.getRequestMethod();
      Matcher result = INVOCATION_RESULT.matcher(path);
      if (method.equals("GET") && path.equals("invocation/next")) {
        next(exchange);
      } else if (method.equals("POST") && result.matches()) {
        complete(exchange, result.group(1), result.group(2).equals("response"));
      } else if (method.equals("POST") && path.equals("init/error")) {
        initError.complete(
            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(202, -1);
      } else {
        exchange.sendResponseHeaders(404, -1);
      }
    }
  }

  private void next(HttpExchange exchange) throws IOException {
    QueuedInvocation invocation = null;
    try {
      while (invocation == null && !closed) {
        invocation = queue.poll(POLL_SLICE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (invocation == null) {
      exchange.sendResponseHeaders(503, -1);
      return;
    }
    inFlight.put(invocation.requestId(), invocation.result());
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", "application/json");
    headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
    headers.set(
        "Lambda-Runtime-Deadline-Ms",
        Long.toString(Instant.now().plus(FUNCTION_TIMEOUT).toEpochMilli()));
    headers.set(
        "Lambda-Runtime-Invoked-Function-Arn",
        "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + functionName);
    headers.set(
        "Lambda-Runtime-Trace-Id",
        "Root=1-"
            + Long.toHexString(Instant.now().getEpochSecond())
            + "-"
            + invocation.requestId().replace("-", "").substring(0, 24)
            + ";Parent=0000000000000001;Sampled=0");
    exchange.sendResponseHeaders(200, invocation.payload().length);
    exchange.getResponseBody().write(invocation.payload());
  }

  private void complete(HttpExchange exchange, String requestId, boolean success)
      throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    CompletableFuture<RuntimeResult> result = inFlight.remove(requestId);
    if (result == null) {
      // As Lambda does for an id it did not hand out, or one already answered.
      exchange.sendResponseHeaders(400, -1);
      return;
    }
    // Completed before the runtime hears back, so a runtime that exits right after cannot look as
    // if it never answered.
    result.complete(
        new RuntimeResult(
            requestId,
            success ? RuntimeResult.Outcome.RESPONSE : RuntimeResult.Outcome.ERROR,
            body,
            exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type")));
    exchange.sendResponseHeaders(202, -1);
  }
}
