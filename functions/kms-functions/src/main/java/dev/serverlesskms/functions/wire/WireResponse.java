package dev.serverlesskms.functions.wire;

/**
 * What the KMS wire endpoint answers: an HTTP status, an AWS JSON 1.1 body, and for errors the
 * error type (also sent as {@code x-amzn-ErrorType}).
 */
public record WireResponse(int status, byte[] body, String errorType) {
  public static final String CONTENT_TYPE = "application/x-amz-json-1.1";

  public boolean isError() {
    return errorType != null;
  }
}
