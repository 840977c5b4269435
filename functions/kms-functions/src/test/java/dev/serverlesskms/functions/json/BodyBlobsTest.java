package dev.serverlesskms.functions.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import dev.serverlesskms.core.api.DecryptRequest;
import dev.serverlesskms.core.api.EncryptRequest;
import dev.serverlesskms.core.api.ImportKeyMaterialRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Blobs decoded from the body's bytes ({@link BodyBlobs}) are exactly what Jackson's text gives:
 * the same bytes, the same refusals, wherever the member stands in the body and however the body is
 * laid out.
 */
class BodyBlobsTest {
  private static final ObjectMapper JSON = KmsJson.newMapper();

  @Test
  void quoteOrBackslash_findsTheFirstOne_eightBytesAtATimeOrNot() {
    // Bytes whose low seven bits are a quote or a backslash (0xA2, 0xDC) must not be taken for one.
    byte[] alphabet = {
      'A', 'z', '+', '/', '=', '"', '\\', (byte) 0xA2, (byte) 0xDC, 0, (byte) 0xFF
    };
    Random random = new Random(20261206);
    for (int n = 0; n < 50_000; n++) {
      byte[] bytes = new byte[random.nextInt(40)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = random.nextInt(8) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) 'Q';
      }
      int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
      assertThat(BodyBlobs.quoteOrBackslash(bytes, from))
          .as("%s from %d", Arrays.toString(bytes), from)
          .isEqualTo(naiveQuoteOrBackslash(bytes, from));
    }
  }

  /**
   * Values of every kind (padded or not, whitespace, the URL-safe alphabet, non-ASCII, escapes), in
   * bodies laid out in every way (spaces and new lines around the colon, other members before and
   * after, a byte order mark): read from the body as read through the text.
   */
  @Test
  void readsAndRefusesWhatTheTextDoes() throws Exception {
    String[] spaces = {"", " ", "\n", "\t ", "\r\n  "};
    Random random = new Random(20261206);
    for (int n = 0; n < 20_000; n++) {
      String quoted = BlobValues.quoted(BlobValues.next(random));
      if (random.nextInt(4) == 0) {
        quoted = quoted.replace("/", "\\/"); // a legal escape of a base64 character
      }
      String space = spaces[random.nextInt(spaces.length)];
      String member = "\"Plaintext\"" + space + ":" + space + "\"" + quoted + "\"";
      String body =
          switch (random.nextInt(3)) {
            case 0 -> "{" + space + member + "}";
            case 1 -> "{\"KeyId\":\"QUJD\"," + space + member + "}";
            default -> "{" + member + ",\"KeyId\":" + space + "\"REVG\"}";
          };
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      if (random.nextInt(10) == 0) {
        bytes = withByteOrderMark(bytes);
      }
      byte[] finalBytes = bytes;
      assertThat(BlobValues.outcome(() -> fromBody(finalBytes, EncryptRequest.class).plaintext()))
          .as("body <%s>", body)
          .isEqualTo(
              BlobValues.outcome(
                  () -> JSON.readValue(finalBytes, EncryptRequest.class).plaintext()));
    }
  }

  /** The point of it: a plain value is decoded here; a value with an escape is left to Jackson. */
  @Test
  void plainValue_isDecodedFromTheBody_escapedValue_isLeftToJackson() throws Exception {
    assertThat(decodeFirstString("{\"Plaintext\" : \"aGVsbG8=\"}"))
        .isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
    assertThat(decodeFirstString("{\"Plaintext\":\"a\\/8=\"}")).isNull();
    assertThat(decodeFirstString("{\"Plaintext\":\"aGVsbG8\"}")).isNull(); // unpadded
  }

  @Test
  void twoBlobsInOneBody_eachReadsAsItsOwn() throws Exception {
    byte[] token = {1, 2, 3, 4, 5, 6};
    byte[] material = new byte[512];
    new Random(7).nextBytes(material);
    Base64.Encoder base64 = Base64.getEncoder();
    byte[] body =
        ("{\"KeyId\": \"k\",\n  \"ImportToken\": \""
                + base64.encodeToString(token)
                + "\",\n  \"EncryptedKeyMaterial\": \""
                + base64.encodeToString(material)
                + "\"\n}")
            .getBytes(StandardCharsets.UTF_8);

    ImportKeyMaterialRequest request = fromBody(body, ImportKeyMaterialRequest.class);

    assertThat(request.importToken()).isEqualTo(token);
    assertThat(request.encryptedKeyMaterial()).isEqualTo(material);
    assertThat(request.keyId()).isEqualTo("k");
  }

  @Test
  void largeBlob_andTheMembersAfterIt_readAsSent() throws Exception {
    byte[] ciphertext = new byte[4096 + 92];
    new Random(4096).nextBytes(ciphertext);
    byte[] body =
        ("{\"CiphertextBlob\":\""
                + Base64.getEncoder().encodeToString(ciphertext)
                + "\",\"EncryptionContext\":{\"purpose\":\"test\"},\"KeyId\":\"alias/a\"}")
            .getBytes(StandardCharsets.UTF_8);

    DecryptRequest request = fromBody(body, DecryptRequest.class);

    assertThat(request.ciphertextBlob()).isEqualTo(ciphertext);
    assertThat(request.encryptionContext()).containsExactly(java.util.Map.entry("purpose", "test"));
    assertThat(request.keyId()).isEqualTo("alias/a");
  }

  @Test
  void aReaderWithoutTheBody_readsThroughTheText() throws Exception {
    byte[] body = "{\"Plaintext\":\"aGVsbG8=\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(JSON.readerFor(EncryptRequest.class).<EncryptRequest>readValue(body).plaintext())
        .isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
  }

  /** {@link BodyBlobs#decode} at the body's first string value, as a deserializer calls it. */
  private static byte[] decodeFirstString(String json) throws Exception {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    try (JsonParser parser = JSON.getFactory().createParser(body)) {
      while (parser.nextToken() != JsonToken.VALUE_STRING) {
        assertThat(parser.currentToken()).isNotNull();
      }
      DeserializationConfig config = BodyBlobs.readerOf(JSON.reader(), body).getConfig();
      DeserializationContext context =
          ((DefaultDeserializationContext) JSON.getDeserializationContext())
              .createInstance(config, parser, null);
      return BodyBlobs.decode(parser, context);
    }
  }

  private static <T> T fromBody(byte[] body, Class<T> type) throws Exception {
    return BodyBlobs.readerOf(JSON.readerFor(type), body).readValue(body);
  }

  private static byte[] withByteOrderMark(byte[] bytes) {
    byte[] marked = new byte[bytes.length + 3];
    marked[0] = (byte) 0xEF;
    marked[1] = (byte) 0xBB;
    marked[2] = (byte) 0xBF;
    System.arraycopy(bytes, 0, marked, 3, bytes.length);
    return marked;
  }

  private static int naiveQuoteOrBackslash(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == '"' || bytes[i] == '\\') {
        return i;
      }
    }
    return bytes.length;
  }
}
