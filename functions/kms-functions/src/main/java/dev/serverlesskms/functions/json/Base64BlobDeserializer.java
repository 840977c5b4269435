package dev.serverlesskms.functions.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.io.IOException;
import java.util.Base64;

/**
 * Reads a blob member (base64 in AWS JSON 1.1) as Jackson does, except that a value that is not
 * base64 fails without the value in the message: Jackson's own message quotes the whole string, and
 * a blob is often plaintext. The message lands in Lambda error reports and logs, where only the
 * member's name (added by Jackson as the reference path) may appear.
 *
 * <p>A padded value of the standard alphabet, which is what every AWS SDK sends, is decoded by the
 * JDK's decoder (an intrinsic on x86 with AVX-512): Jackson's decoder, three bytes at a time into a
 * growing builder, was 13 % of the server's CPU for an Encrypt 4 KB. The wire dispatcher's reader
 * has the body at hand, and the value is then decoded from its bytes ({@link BodyBlobs}); other
 * readers copy it out of Jackson's text first. Anything else (no padding, whitespace, characters
 * outside the alphabet, escapes) goes to Jackson's decoder, so what is accepted and refused is
 * Jackson's, exactly as before.
 */
final class Base64BlobDeserializer extends StdDeserializer<byte[]> {
  private static final long serialVersionUID = 1L;
  private static final Base64.Decoder STANDARD = Base64.getDecoder();

  Base64BlobDeserializer() {
    super(byte[].class);
  }

  @Override
  public byte[] deserialize(JsonParser parser, DeserializationContext context) throws IOException {
    if (parser.currentToken() == JsonToken.VALUE_STRING) {
      byte[] fromBody = BodyBlobs.decode(parser, context);
      if (fromBody != null) {
        return fromBody;
      }
      byte[] padded = paddedStandard(parser);
      if (padded != null) {
        return padded;
      }
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

  /**
   * The value decoded by the JDK when it is padded base64 of the standard alphabet, or null for
   * Jackson to decide (after this, the parser still holds the whole text for its decoder).
   */
  private static byte[] paddedStandard(JsonParser parser) throws IOException {
    int length = parser.getTextLength();
    if ((length & 3) != 0) {
      return null; // unpadded, or not base64 at all: Jackson's rules
    }
    char[] text = parser.getTextCharacters();
    int offset = parser.getTextOffset();
    byte[] ascii = new byte[length];
    for (int i = 0; i < length; i++) {
      char c = text[offset + i];
      if (c > 0x7F) {
        return null;
      }
      ascii[i] = (byte) c;
    }
    try {
      return STANDARD.decode(ascii);
    } catch (IllegalArgumentException notStandard) {
      return null; // whitespace, another alphabet or bad padding: Jackson's rules
    }
  }
}
