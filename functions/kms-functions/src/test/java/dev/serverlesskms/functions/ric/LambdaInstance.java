package dev.serverlesskms.functions.ric;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Lambda execution environment: the container image's command (the Runtime Interface Client and
 * the application) as a process, with the environment Lambda gives a function, polling a {@link
 * LocalRuntimeApi} of its own. Every wait is bounded and fails with the process's log; closing
 * kills the process (SIGTERM, then SIGKILL) and stops the API.
 */
final class LambdaInstance implements AutoCloseable {
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final int LOG_TAIL_CHARS = 8_000;

  private final LocalRuntimeApi api;
  private final Process process;
  private final Path log;

  private LambdaInstance(LocalRuntimeApi api, Process process, Path log) {
    this.api = api;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts the image's command as the function {@code functionName}: the image's ENV, then the
   * variables Lambda reserves, then {@code functionEnvironment} (the function's own, as a template
   * sets them). The inherited environment is dropped, so a developer's shell cannot change what is
   * tested.
   */
  static LambdaInstance start(
      ContainerImage image,
      List<String> command,
      String functionName,
      Map<String, String> functionEnvironment,
      Path log)
      throws IOException {
    LocalRuntimeApi api = LocalRuntimeApi.start(functionName);
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(image.workdir().toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      Map<String, String> env = builder.environment();
      env.clear();
      env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
      env.put("LANG", "en_US.UTF-8");
      env.putAll(image.env());
      env.put("AWS_LAMBDA_RUNTIME_API", api.address());
      env.put("_HANDLER", String.join(" ", image.cmd()));
      env.put("LAMBDA_TASK_ROOT", image.workdir().toString());
      env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
      env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
      env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
      env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + functionName);
      env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[$LATEST]0123456789abcdef0123456789abcdef");
      env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
      env.put("AWS_REGION", "us-east-1");
      env.put("AWS_DEFAULT_REGION", "us-east-1");
      env.putAll(functionEnvironment);
      return new LambdaInstance(api, builder.start(), log);
    } catch (IOException | RuntimeException e) {
      api.close();
      throw e;
    }
  }

  /** Sends one event through the Runtime API and waits for what the runtime posts back. */
  RuntimeResult invoke(String payloadJson, Duration timeout) {
    return await(api.invoke(payloadJson), timeout, "an answer to " + payloadJson);
  }

  /** Waits for the runtime to report a failed start to init/error; returns the reported error. */
  String awaitInitError(Duration timeout) {
    return await(api.initError(), timeout, "a report to init/error");
  }

  /** Waits for the process to end by itself; returns its exit code. */
  int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("the runtime still runs after " + timeout + ":\n" + logTail());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for the runtime to exit", e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String logTail() {
    try {
      String text = Files.readString(log);
      return text.length() <= LOG_TAIL_CHARS
          ? text
          : "..." + text.substring(text.length() - LOG_TAIL_CHARS);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  @Override
  public void close() {
    try {
      process.destroy();
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      api.close();
    }
  }

  /**
   * Waits for {@code future}, in slices, failing early (with the log) when the process dies, or
   * when it reported a failed start while something else was awaited.
   */
  private <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      try {
        return future.get(100, TimeUnit.MILLISECONDS);
      } catch (TimeoutException notYet) {
        if (future != api.initError() && api.initError().isDone()) {
          throw new AssertionError(
              "waiting for "
                  + what
                  + ", the runtime reported a failed start: "
                  + api.initError().join()
                  + "\n"
                  + logTail());
        }
        if (!process.isAlive() && !future.isDone()) {
          throw new AssertionError(
              "waiting for "
                  + what
                  + ", the runtime exited with "
                  + process.exitValue()
                  + ":\n"
                  + logTail());
        }
        if (Instant.now().isAfter(deadline)) {
          throw new AssertionError("no " + what + " within " + timeout + ":\n" + logTail());
        }
      } catch (ExecutionException e) {
        throw new AssertionError(
            "waiting for " + what + ": " + e.getCause() + "\n" + logTail(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
