package dev.serverlesskms.functions.wire;

import dev.serverlesskms.core.error.KmsException;
import java.nio.charset.StandardCharsets;

/** Writes the AWS JSON 1.1 error body: {@code {"__type":"...","message":"..."}}. */
public final class WireErrors {
  private WireErrors() {}

  public static WireResponse of(KmsException error) {
    String body =
        "{\"__type\":\"" + error.type().wireName() + "\",\"message\":" + jsonString(error.getMessage()) + "}";
    return new WireResponse(error.type().httpStatus(), body.getBytes(StandardCharsets.UTF_8), error.type().wireName());
  }

  private static String jsonString(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
