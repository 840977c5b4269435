package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.funqy.lambda.FunqyLambdaBindingRecorder;
import io.quarkus.funqy.lambda.config.FunqyAmazonBuildTimeConfig;
import io.quarkus.funqy.lambda.config.FunqyAmazonConfig;
import io.quarkus.funqy.runtime.FunqyConfig;
import io.quarkus.runtime.RuntimeValue;
import io.smallrye.config.SmallRyeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The Funqy Lambda binding of the application a {@code @QuarkusTest} runs, driven the way Lambda
 * drives a deployed function: an event posted to the Quarkus mock event server (the Lambda Runtime
 * API in tests) is read, dispatched and answered by the binding's own poll loop.
 *
 * <p>A deployed Lambda runs one function, the one {@code QUARKUS_FUNQY_EXPORT} names when it
 * starts. {@link #export} makes that same choice again in the running application, with the
 * binding's own startup step, so every function is invoked through one application instead of one
 * application (and one Quarkus build) per function.
 */
public final class LambdaBinding {
  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The mock event server's port; the build runs it on a free one (test-port 0, see the pom), and
   * the Lambda dev service writes back the port it bound.
   */
  private static final String MOCK_EVENT_SERVER_PORT = "quarkus.lambda.mock-event-server.test-port";

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  private LambdaBinding() {}

  /** What the mock event server answered: 200 and the output, or 500 and the Lambda error. */
  record Invocation(int status, String body) {
    JsonNode json() {
      return parse(body);
    }
  }

  /**
   * Makes {@code function} the one the binding runs, as {@code QUARKUS_FUNQY_EXPORT} does at a
   * Lambda's start: the binding's startup step chooses the invoker, its input reader and output
   * writer again (and fails for a name that is no function).
   */
  public static void export(String function) {
    SmallRyeConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
    FunqyConfig exporting = () -> Optional.of(function);
    new FunqyLambdaBindingRecorder(
            new RuntimeValue<>(exporting),
            config.getConfigMapping(FunqyAmazonBuildTimeConfig.class),
            new RuntimeValue<>(config.getConfigMapping(FunqyAmazonConfig.class)))
        .chooseInvoker();
  }

  /** Posts an event; bounded, so a function that never answers fails the test. */
  static Invocation post(String event) {
    HttpRequest request =
        HttpRequest.newBuilder(mockEventServer())
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(event, StandardCharsets.UTF_8))
            .build();
    try {
      HttpResponse<String> response =
          HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Invocation(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("invoking through the mock event server failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Invokes the exported function and returns its output, failing unless it succeeded. */
  static JsonNode invoke(String event) {
    Invocation result = post(event);
    assertThat(result.status())
        .as("mock event server status; body: %s", result.body())
        .isEqualTo(200);
    return result.json();
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  private static URI mockEventServer() {
    int port = ConfigProvider.getConfig().getValue(MOCK_EVENT_SERVER_PORT, Integer.class);
    assertThat(port).as(MOCK_EVENT_SERVER_PORT).isPositive();
    return URI.create("http://localhost:" + port + "/");
  }
}
