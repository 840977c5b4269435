package dev.serverlesskms.functions.wire;

import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.json.JsonStrings;
import java.nio.charset.StandardCharsets;

/** Writes the AWS JSON 1.1 error body: {@code {"__type":"...","message":"..."}}. */
public final class WireErrors {
  private WireErrors() {}

  public static WireResponse of(KmsException error) {
    String body =
        "{\"__type\":\""
            + error.type().wireName()
            + "\",\"message\":"
            + JsonStrings.quote(error.getMessage())
            + "}";
    return new WireResponse(
        error.type().httpStatus(), body.getBytes(StandardCharsets.UTF_8), error.type().wireName());
  }
}
