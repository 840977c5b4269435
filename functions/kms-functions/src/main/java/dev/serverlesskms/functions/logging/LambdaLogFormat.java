package dev.serverlesskms.functions.logging;

import dev.serverlesskms.functions.config.LambdaEnvironment;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtHandler;

/**
 * In Lambda ({@code AWS_LAMBDA_FUNCTION_NAME} set) every log handler writes {@link
 * LambdaJsonFormatter}'s JSON lines; locally the logs stay plain text. Installed at start-up, so
 * the few lines Quarkus writes while it starts are still plain text.
 */
@Startup
@ApplicationScoped
public class LambdaLogFormat {

  @PostConstruct
  void install() {
    Optional<String> lambdaFunction = LambdaEnvironment.functionName();
    if (lambdaFunction.isEmpty()) {
      return;
    }
    String functionName = lambdaFunction.get();
    String service = System.getenv("POWERTOOLS_SERVICE_NAME");
    LambdaJsonFormatter formatter =
        new LambdaJsonFormatter(
            service == null || service.isEmpty() ? "service_undefined" : service, functionName);
    for (Handler handler : Logger.getLogger("").getHandlers()) {
      install(handler, formatter);
    }
  }

  /** Sets the formatter on the handlers that write (Quarkus wraps them in delegating handlers). */
  private static void install(Handler handler, LambdaJsonFormatter formatter) {
    Handler[] children = handler instanceof ExtHandler ext ? ext.getHandlers() : new Handler[0];
    if (children.length == 0) {
      handler.setFormatter(formatter);
    }
    for (Handler child : children) {
      install(child, formatter);
    }
  }
}
