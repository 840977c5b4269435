package dev.serverlesskms.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Map;

/**
 * The floor under any KMS on this JVM and HTTP layer: bare Netty ({@link NettyHttpServer}) reading
 * each request's JSON body with Jackson's streaming parser (base64 decoded from the body's bytes)
 * and writing a JSON answer of the right shape with its generator, with no signature check, no key,
 * no cryptography, no store and no audit. Encrypt returns the plaintext behind one zero byte as its
 * "ciphertext", Decrypt takes that byte off again, so the load generator's checks pass. It answers
 * only what the matrix sends (CreateKey, Encrypt, Decrypt, GenerateDataKey, ScheduleKeyDeletion).
 * Started by {@code netty-server.sh floor PORT DATA_DIR}. A benchmark's baseline, never a KMS.
 */
public final class NettyFloorServer {
  private static final String KEY_ID = "00000000-0000-4000-8000-000000000000";
  private static final String KEY_ARN = "arn:aws:kms:us-east-1:000000000000:key/" + KEY_ID;
  private static final int MAX_BODY_BYTES = 1024 * 1024;
  private static final Map<String, String> HEADERS =
      Map.of("Content-Type", "application/x-amz-json-1.1", "x-amzn-RequestId", KEY_ID);

  private final JsonFactory json = new JsonFactory();

  private NettyFloorServer() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: NettyFloorServer PORT [DATA_DIR (unused)]");
      System.exit(2);
    }
    try (NettyHttpServer.Running server = start(Integer.parseInt(args[0]))) {
      server.awaitClose();
    }
  }

  /** Starts the floor server on the loopback port {@code port} (0: any free port). */
  static NettyHttpServer.Running start(int port) throws InterruptedException {
    return NettyHttpServer.start(port, MAX_BODY_BYTES, new NettyFloorServer()::respond);
  }

  private FullHttpResponse respond(FullHttpRequest request, InetSocketAddress remote) {
    String target = request.headers().get("X-Amz-Target", "");
    try {
      byte[] answer =
          switch (target) {
            case "TrentService.CreateKey" ->
                json(
                    out -> {
                      out.writeObjectFieldStart("KeyMetadata");
                      out.writeStringField("KeyId", KEY_ID);
                      out.writeEndObject();
                    });
            case "TrentService.Encrypt" -> {
              byte[] plaintext = blob(request, "Plaintext");
              byte[] ciphertext = new byte[plaintext.length + 1];
              System.arraycopy(plaintext, 0, ciphertext, 1, plaintext.length);
              yield json(out -> out.writeBinaryField("CiphertextBlob", ciphertext));
            }
            case "TrentService.Decrypt" -> {
              byte[] ciphertext = blob(request, "CiphertextBlob");
              yield json(
                  out ->
                      out.writeBinaryField(
                          "Plaintext", Arrays.copyOfRange(ciphertext, 1, ciphertext.length)));
            }
            case "TrentService.GenerateDataKey" -> {
              blob(request, null); // parsed as every operation parses its body
              yield json(
                  out -> {
                    out.writeBinaryField("Plaintext", new byte[32]);
                    out.writeBinaryField("CiphertextBlob", new byte[33]);
                  });
            }
            case "TrentService.ScheduleKeyDeletion" ->
                json(out -> out.writeNumberField("DeletionDate", 1.8e9));
            default -> null;
          };
      return answer == null
          ? NettyHttpServer.response(
              400,
              HEADERS,
              json(out -> out.writeStringField("__type", "UnsupportedOperationException")))
          : NettyHttpServer.response(200, HEADERS, answer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The base64 member {@code name} of the body, decoded from its bytes, or no bytes; every other
   * member is parsed and skipped ({@code name} null: the whole body).
   */
  private byte[] blob(FullHttpRequest request, String name) throws IOException {
    byte[] found = new byte[0];
    try (JsonParser in =
        json.createParser((InputStream) new ByteBufInputStream(request.content()))) {
      if (in.nextToken() != JsonToken.START_OBJECT) {
        return found;
      }
      while (in.nextToken() == JsonToken.FIELD_NAME) {
        String field = in.currentName();
        JsonToken value = in.nextToken();
        if (field.equals(name) && value == JsonToken.VALUE_STRING) {
          found = in.getBinaryValue();
        } else {
          in.skipChildren();
        }
      }
    }
    return found;
  }

  /** A JSON object with the members {@code body} writes, plus the KeyId every answer has. */
  private byte[] json(Members body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (JsonGenerator out = json.createGenerator(bytes)) {
      out.writeStartObject();
      out.writeStringField("KeyId", KEY_ARN);
      body.write(out);
      out.writeEndObject();
    }
    return bytes.toByteArray();
  }

  /** Writes some members of an answer. */
  private interface Members {
    void write(JsonGenerator out) throws IOException;
  }
}
