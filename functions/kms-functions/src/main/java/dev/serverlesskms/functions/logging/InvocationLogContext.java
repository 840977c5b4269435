package dev.serverlesskms.functions.logging;

import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.MDC;

/**
 * The invocation's fields every log line of it carries (Powertools' names): the Lambda request id,
 * the X-Ray trace id and whether this is the instance's first invocation. Set in the MDC when an
 * invocation starts and removed when it ends ({@link #close}), so no line of the next invocation
 * carries the previous one's ids.
 */
public final class InvocationLogContext implements AutoCloseable {
  public static final String REQUEST_ID = "function_request_id";
  public static final String TRACE_ID = "xray_trace_id";
  public static final String COLD_START = "cold_start";
  private static final AtomicBoolean FIRST = new AtomicBoolean(true);

  private InvocationLogContext() {}

  /** Puts the invocation's fields into the MDC; {@code traceId} may be null (no X-Ray). */
  public static InvocationLogContext open(String requestId, String traceId) {
    MDC.put(REQUEST_ID, requestId == null ? "" : requestId);
    if (traceId != null) {
      MDC.put(TRACE_ID, traceId);
    }
    MDC.put(COLD_START, Boolean.toString(FIRST.getAndSet(false)));
    return new InvocationLogContext();
  }

  /** The X-Ray trace id of the current invocation, as Lambda's Java runtime publishes it. */
  public static String currentTraceId() {
    String traceId = System.getProperty("com.amazonaws.xray.traceId");
    return traceId != null ? traceId : System.getenv("_X_AMZN_TRACE_ID");
  }

  @Override
  public void close() {
    MDC.remove(REQUEST_ID);
    MDC.remove(TRACE_ID);
    MDC.remove(COLD_START);
  }
}
