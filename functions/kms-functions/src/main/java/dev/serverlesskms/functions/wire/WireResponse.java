package dev.serverlesskms.functions.wire;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the KMS wire endpoint answers: an HTTP status, an AWS JSON 1.1 body, and for errors the
 * error type (also sent as {@code x-amzn-ErrorType}).
 */
public record WireResponse(int status, byte[] body, String errorType) {
  public static final String CONTENT_TYPE = "application/x-amz-json-1.1";

  public boolean isError() {
    return errorType != null;
  }

  /** The headers every transport sends with this answer to request {@code requestId}. */
  public Map<String, String> headers(String requestId) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", CONTENT_TYPE);
    headers.put("x-amzn-RequestId", requestId);
    if (isError()) {
      headers.put("x-amzn-ErrorType", errorType);
    }
    return headers;
  }
}
