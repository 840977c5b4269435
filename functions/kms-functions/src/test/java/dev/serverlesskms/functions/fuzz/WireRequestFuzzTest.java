package dev.serverlesskms.functions.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.serverlesskms.core.api.CreateAliasRequest;
import dev.serverlesskms.core.api.CreateKeyRequest;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.audit.AuditEventJson;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.functions.json.KmsJson;
import dev.serverlesskms.functions.wire.Authenticator;
import dev.serverlesskms.functions.wire.WireBody;
import dev.serverlesskms.functions.wire.WireDispatcher;
import dev.serverlesskms.functions.wire.WireRequest;
import dev.serverlesskms.functions.wire.WireResponse;
import dev.serverlesskms.testkit.TestKms;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The request reader (RequestBodyReader with the KmsJson dialect, into every typed request) on any
 * body, through the wire dispatcher and on into the operations, as the local server and the API
 * Gateway function run it for an authenticated caller. Whatever the body: the answer is a 2xx or an
 * AWS error of the closed set below 500 (never KMSInternalException), its body is the AWS JSON of
 * that error, and the request leaves exactly one audit record, with its request id, that the audit
 * sinks can write.
 *
 * <p>An input is {@code operation name || '\n' || body} (without a newline: an Encrypt body). The
 * KMS has one key, also under {@code alias/fuzz} and {@code alias/x} (the recorded requests'
 * alias); the key id {@value #PLACEHOLDER_KEY_ID} in a body stands for its key id, which is new in
 * every KMS, so that seeds reach the operations that take key ids only. GetParametersForImport is
 * left out: its RSA key generation (up to seconds) would eat the run. Seeds (the bodies of the
 * recorded client requests and one of every operation): {@code
 * src/test/resources/dev/serverlesskms/functions/fuzz/WireRequestFuzzTestInputs/}. Longer runs:
 * docs/fuzzing.md.
 */
class WireRequestFuzzTest {
  static final String ALIAS = "alias/fuzz";
  static final String PLACEHOLDER_KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";

  /** A fresh KMS after this many requests, so the keys created by a long run do not pile up. */
  private static final int REQUESTS_PER_KMS = 20_000;

  private static final ObjectMapper PLAIN_JSON = new ObjectMapper();
  private static final Set<String> AWS_ERRORS =
      Arrays.stream(KmsErrorType.values())
          .filter(type -> type.httpStatus() < 500)
          .map(KmsErrorType::wireName)
          .collect(Collectors.toUnmodifiableSet());

  private static final Authenticator ACCOUNT_ROOT =
      new Authenticator() {
        @Override
        public Caller authenticate(WireRequest request) {
          return TestKms.accountRoot();
        }

        @Override
        public Caller claimed(WireRequest request) {
          return TestKms.accountRoot();
        }
      };

  private static TestKms kms;
  private static WireDispatcher dispatcher;
  private static int requests;
  private static byte[] keyId;

  @FuzzTest(maxDuration = "1s")
  @DictionaryEntries({
    "\"KeyId\"",
    "\"alias/fuzz\"",
    "\"Plaintext\"",
    "\"CiphertextBlob\"",
    "\"EncryptionContext\"",
    "\"GrantTokens\"",
    "\"NumberOfBytes\"",
    "\"KeySpec\"",
    "\"AES_256\"",
    "\"EncryptionAlgorithm\"",
    "\"SYMMETRIC_DEFAULT\"",
    "\"Tags\"",
    "\"TagKey\"",
    "\"TagValue\"",
    "\"AliasName\"",
    "\"TargetKeyId\"",
    "\"Limit\"",
    "\"Marker\"",
    "\"PendingWindowInDays\"",
    "\"Origin\"",
    "\"DryRun\"",
    "\"Description\"",
    "\"Policy\"",
    "\"ImportToken\"",
    "\"EncryptedKeyMaterial\"",
    "\"ValidTo\"",
    "\"DestinationKeyId\"",
    "\"SourceKeyId\"",
    "\"RotationPeriodInDays\"",
    "\"TagKeys\"",
  })
  void dispatch_ofAnyBody_answersWithAnAwsErrorOrSuccess_andAuditsItOnce(byte[] input) {
    String requestId = UUID.randomUUID().toString();
    WireResponse response = dispatch(requestId, input);

    assertThat(response.status()).as("status").isLessThan(500);
    JsonNode body = readJson(response.body());
    if (response.isError()) {
      assertThat(response.errorType()).isIn(AWS_ERRORS);
      assertThat(body.path("__type").asText()).isEqualTo(response.errorType());
      assertThat(body.path("message").isTextual()).isTrue();
    } else {
      assertThat(response.status()).isEqualTo(200);
    }
    List<AuditEvent> records = kms.audit().events();
    assertThat(records).hasSize(1);
    assertThat(records.get(0).requestId()).isEqualTo(requestId);
    readJson(AuditEventJson.toJson(records.get(0)).getBytes(StandardCharsets.UTF_8));
  }

  /** Answers one input as a request of account root, on a clean audit log. */
  static WireResponse dispatch(String requestId, byte[] input) {
    setUp();
    kms.audit().clear();
    int newline = indexOf(input, (byte) '\n');
    String operation =
        newline < 0 ? "Encrypt" : new String(input, 0, newline, StandardCharsets.ISO_8859_1).trim();
    byte[] body =
        withKeyId(newline < 0 ? input : Arrays.copyOfRange(input, newline + 1, input.length));
    if (operation.equals("GetParametersForImport")) {
      operation = "DescribeKey";
    }
    WireRequest request =
        new WireRequest(
            requestId,
            "POST",
            "/",
            null,
            Map.of("x-amz-target", List.of(WireDispatcher.TARGET_PREFIX + operation)),
            WireBody.of(body),
            "127.0.0.1",
            "fuzz",
            null);
    return dispatcher.dispatch(request, ACCOUNT_ROOT);
  }

  /** The body with every placeholder key id replaced by the KMS's key id (of the same length). */
  private static byte[] withKeyId(byte[] body) {
    byte[] placeholder = PLACEHOLDER_KEY_ID.getBytes(StandardCharsets.US_ASCII);
    for (int at = 0; at + placeholder.length <= body.length; at++) {
      if (Arrays.equals(body, at, at + placeholder.length, placeholder, 0, placeholder.length)) {
        System.arraycopy(keyId, 0, body, at, keyId.length);
      }
    }
    return body;
  }

  private static synchronized void setUp() {
    if (kms != null && requests++ < REQUESTS_PER_KMS) {
      return;
    }
    requests = 0;
    kms = TestKms.create();
    String id =
        kms.call(
                kms.kms().createKey,
                new CreateKeyRequest(
                    null, null, null, null, null, null, null, null, null, null, null))
            .keyMetadata()
            .keyId();
    kms.call(kms.kms().createAlias, new CreateAliasRequest(ALIAS, id));
    kms.call(kms.kms().createAlias, new CreateAliasRequest("alias/x", id));
    keyId = id.getBytes(StandardCharsets.US_ASCII);
    dispatcher = new WireDispatcher(kms.kms(), KmsJson.newMapper(), 1 << 20);
  }

  private static JsonNode readJson(byte[] json) {
    try {
      return PLAIN_JSON.readTree(json);
    } catch (IOException e) {
      throw new AssertionError(
          "not JSON: " + new String(json, 0, Math.min(json.length, 200), StandardCharsets.UTF_8),
          e);
    }
  }

  private static int indexOf(byte[] bytes, byte value) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == value) {
        return i;
      }
    }
    return -1;
  }
}
