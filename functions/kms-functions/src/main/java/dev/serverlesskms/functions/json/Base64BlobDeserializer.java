package dev.serverlesskms.functions.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.io.IOException;

/**
 * Reads a blob member (base64 in AWS JSON 1.1) as Jackson does, except that a value that is not
 * base64 fails without the value in the message: Jackson's own message quotes the whole string, and
 * a blob is often plaintext. The message lands in Lambda error reports and logs, where only the
 * member's name (added by Jackson as the reference path) may appear.
 */
final class Base64BlobDeserializer extends StdDeserializer<byte[]> {
  private static final long serialVersionUID = 1L;

  Base64BlobDeserializer() {
    super(byte[].class);
  }

  @Override
  public byte[] deserialize(JsonParser parser, DeserializationContext context) throws IOException {
    if (parser.currentToken() == JsonToken.VALUE_STRING) {
      try {
        return parser.getBinaryValue(context.getBase64Variant());
      } catch (StreamReadException | IllegalArgumentException notBase64) {
        // No cause: the parser's exception names the offending characters.
        throw InvalidFormatException.from(
            parser, "The value is not valid base64.", null, byte[].class);
      }
    }
    if (parser.currentToken() == JsonToken.VALUE_EMBEDDED_OBJECT
        && parser.getEmbeddedObject() instanceof byte[] bytes) {
      return bytes;
    }
    return (byte[]) context.handleUnexpectedToken(byte[].class, parser);
  }
}
