package dev.serverlesskms.functions.funq;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.serverlesskms.functions.logging.InvocationLogContext;
import io.quarkus.funqy.lambda.FunqyStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The handler every function of the JVM deployment names: Quarkus' {@link FunqyStreamHandler}
 * serves the invocation, and a failure leaves as an exception whose class name is the AWS error
 * type, because Lambda's Java runtime reports {@code errorType} as the thrown class's name. So
 * {@code aws lambda invoke} of a failing Encrypt shows {@code "errorType": "NotFoundException"}, as
 * the native deployment (Quarkus' own Lambda loop) does.
 */
public final class KmsFunctionHandler implements RequestStreamHandler {
  private final FunqyStreamHandler funqy = new FunqyStreamHandler();

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    // Every log line of this invocation carries its request id (removed again when it ends).
    InvocationLogContext logs =
        InvocationLogContext.open(
            context == null ? null : context.getAwsRequestId(),
            InvocationLogContext.currentTraceId());
    try {
      funqy.handleRequest(input, output, context);
    } catch (RuntimeException e) {
      throw asReported(e);
    } finally {
      logs.close();
    }
  }

  /** The exception Lambda should see for {@code failure}: its AWS error, when it has one. */
  static RuntimeException asReported(RuntimeException failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      LambdaError reported = LambdaError.of(t.getClass().getName(), t.getMessage());
      if (!reported.errorType().equals(t.getClass().getName())) {
        return AwsErrorClasses.exception(reported.errorType(), reported.errorMessage());
      }
    }
    return failure;
  }
}
