package dev.serverlesskms.functions.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.logging.Level;
import org.jboss.logging.MDC;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

class LambdaJsonFormatterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final LambdaJsonFormatter formatter =
      new LambdaJsonFormatter("serverless-kms", "kms-Encrypt");

  @Test
  void aLine_isOneJsonObjectWithPowertoolsFields_andTheInvocationsIds() throws Exception {
    String line;
    InvocationLogContext invocation = InvocationLogContext.open("req-1", "Root=1-abc");
    try {
      line = formatter.format(record(Level.INFO, "key \"k\"\nrotated", null));
    } finally {
      invocation.close();
    }
    assertThat(line).endsWith("\n").doesNotContain("rotated\n");
    JsonNode json = JSON.readTree(line);
    assertThat(json.get("level").asText()).isEqualTo("INFO");
    assertThat(json.get("message").asText()).isEqualTo("key \"k\"\nrotated");
    assertThat(json.get("service").asText()).isEqualTo("serverless-kms");
    assertThat(json.get("function_name").asText()).isEqualTo("kms-Encrypt");
    assertThat(json.get("logger").asText()).isEqualTo("test.logger");
    assertThat(json.get("function_request_id").asText()).isEqualTo("req-1");
    assertThat(json.get("xray_trace_id").asText()).isEqualTo("Root=1-abc");
    assertThat(json.get("cold_start").isBoolean()).isTrue();
    assertThat(json.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(json.has("exception")).isFalse();
  }

  @Test
  void anException_isSerializedWithItsNameAndTrace() throws Exception {
    JsonNode json =
        JSON.readTree(
            formatter.format(
                record(Level.SEVERE, "store failed", new IllegalStateException("table gone"))));
    assertThat(json.get("exception_name").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(json.get("exception").asText())
        .contains("table gone")
        .contains("LambdaJsonFormatterTest");
  }

  @Test
  void parameters_thatTheMessageDoesNotName_areNotWritten() throws Exception {
    ExtLogRecord record =
        new ExtLogRecord(
            Level.INFO, "encrypted for key %s", ExtLogRecord.FormatStyle.PRINTF, "test.Class");
    record.setLoggerName("test.logger");
    // a careless caller passes the plaintext as an extra parameter: it must not reach the line
    record.setParameters(new Object[] {"key-1", "PLAINTEXT-SECRET"});
    String line = formatter.format(record);
    assertThat(JSON.readTree(line).get("message").asText()).isEqualTo("encrypted for key key-1");
    assertThat(line).doesNotContain("PLAINTEXT-SECRET");
  }

  @Test
  void theInvocationsIds_areRemovedWhenItEnds() {
    InvocationLogContext invocation = InvocationLogContext.open("req-2", null);
    try {
      assertThat(MDC.get(InvocationLogContext.REQUEST_ID)).isEqualTo("req-2");
      assertThat(MDC.get(InvocationLogContext.TRACE_ID)).isNull();
    } finally {
      invocation.close();
    }
    assertThat(MDC.get(InvocationLogContext.REQUEST_ID)).isNull();
    assertThat(MDC.get(InvocationLogContext.COLD_START)).isNull();
    JsonNode json = readQuietly(formatter.format(record(Level.INFO, "between invocations", null)));
    assertThat(json.has("function_request_id")).isFalse();
  }

  private static JsonNode readQuietly(String line) {
    try {
      return JSON.readTree(line);
    } catch (Exception e) {
      throw new AssertionError(line, e);
    }
  }

  private static ExtLogRecord record(Level level, String message, Throwable thrown) {
    ExtLogRecord record =
        new ExtLogRecord(level, message, ExtLogRecord.FormatStyle.NO_FORMAT, "test.Class");
    record.setLoggerName("test.logger");
    record.setThrown(thrown);
    return record;
  }
}
