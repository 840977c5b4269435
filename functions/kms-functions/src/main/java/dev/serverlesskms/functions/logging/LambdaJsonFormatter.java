package dev.serverlesskms.functions.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtLogRecord;

/**
 * One JSON object per log line, in Powertools for AWS Lambda's field names, so CloudWatch Logs
 * Insights queries written for Powertools work here: {@code level}, {@code message}, {@code
 * timestamp}, {@code service}, {@code logger}, the invocation's {@code function_request_id}, {@code
 * xray_trace_id} and {@code cold_start} (from the MDC, {@link InvocationLogContext}), and for a
 * failure {@code exception_name} and {@code exception} (the stack trace). It writes only the
 * record's formatted message: what may be logged is decided where the line is written, and the KMS
 * never logs plaintext or key material.
 */
public final class LambdaJsonFormatter extends ExtFormatter {
  private static final JsonFactory JSON = new JsonFactory();
  private final String service;
  private final String functionName;

  public LambdaJsonFormatter(String service, String functionName) {
    this.service = service;
    this.functionName = functionName;
  }

  @Override
  public String format(ExtLogRecord record) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("level", record.getLevel().getName());
      json.writeStringField("message", formatMessage(record));
      json.writeStringField("timestamp", Instant.ofEpochMilli(record.getMillis()).toString());
      json.writeStringField("service", service);
      if (functionName != null) {
        json.writeStringField("function_name", functionName);
      }
      json.writeStringField("logger", record.getLoggerName());
      mdcField(json, record, InvocationLogContext.REQUEST_ID);
      mdcField(json, record, InvocationLogContext.TRACE_ID);
      String coldStart = record.getMdc(InvocationLogContext.COLD_START);
      if (coldStart != null) {
        json.writeBooleanField(InvocationLogContext.COLD_START, Boolean.parseBoolean(coldStart));
      }
      Throwable thrown = record.getThrown();
      if (thrown != null) {
        json.writeStringField("exception_name", thrown.getClass().getName());
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        json.writeStringField("exception", trace.toString());
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.append('\n').toString();
  }

  private static void mdcField(JsonGenerator json, ExtLogRecord record, String key)
      throws IOException {
    String value = record.getMdc(key);
    if (value != null) {
      json.writeStringField(key, value);
    }
  }
}
