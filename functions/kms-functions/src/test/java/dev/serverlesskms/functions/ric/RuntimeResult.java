package dev.serverlesskms.functions.ric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What the Runtime Interface Client posted back for one invocation: the function's response, or an
 * error report ({@code {"errorMessage", "errorType", "stackTrace"}} with the error type header).
 */
record RuntimeResult(String requestId, Outcome outcome, String body, String functionErrorType) {

  enum Outcome {
    RESPONSE,
    ERROR
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  JsonNode json() {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + body, e);
    }
  }

  @Override
  public String toString() {
    return outcome
        + " for "
        + requestId
        + (functionErrorType == null ? "" : " (" + functionErrorType + ")")
        + ": "
        + body;
  }
}
