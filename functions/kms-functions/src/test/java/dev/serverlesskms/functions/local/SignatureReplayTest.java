package dev.serverlesskms.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.functions.json.KmsJson;
import dev.serverlesskms.functions.wire.Authenticator;
import dev.serverlesskms.functions.wire.WireDispatcher;
import dev.serverlesskms.functions.wire.WireRequest;
import dev.serverlesskms.functions.wire.WireResponse;
import dev.serverlesskms.testkit.TestKms;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The replay the review found: a captured DescribeKey signed over {@code host;x-amz-date} only,
 * re-sent with {@code X-Amz-Target: TrentService.DisableKey}, disabled the key. Through the
 * dispatcher with the local server's authenticator and a real in-memory KMS, it is now refused,
 * audited, and the key stays enabled.
 */
class SignatureReplayTest {
  private static final ObjectMapper JSON = KmsJson.newMapper();
  private static final Clock WALL = Clock.fixed(Instant.parse(TestKms.START), ZoneOffset.UTC);

  private final TestKms kms = TestKms.create();
  private final WireDispatcher dispatcher = new WireDispatcher(kms.kms(), JSON, 1 << 20);
  private final Authenticator sigV4 =
      new SigV4Authenticator(
          new SigV4Verifier(
              LocalPrincipals.load(
                  Optional.of("test:test"),
                  Optional.empty(),
                  Optional.empty(),
                  TestKms.LOCATION.accountId()),
              "kms",
              Duration.ofMinutes(15),
              WALL),
          AllowedHosts.of(AllowedHosts.LOOPBACK),
          TestKms.LOCATION.accountId());
  private final SdkSignedRequests sdk = new SdkSignedRequests(WALL, "test", "test");

  @Test
  void describeKeySignedWithoutItsTarget_replayedAsDisableKey_isRefused_andTheKeyStaysEnabled()
      throws IOException {
    String keyId = body(send(sdk.operation("CreateKey", "{}"))).at("/KeyMetadata/KeyId").asText();
    String describe = "{\"KeyId\":\"" + keyId + "\"}";
    WireRequest captured = sdk.operationUnsigned("DescribeKey", describe);
    int recordsBefore = kms.audit().events().size();

    WireResponse replayed =
        send(SdkSignedRequests.withHeader(captured, "X-Amz-Target", "TrentService.DisableKey"));
    WireResponse original = send(captured);

    assertThat(replayed.status()).isEqualTo(400);
    assertThat(replayed.errorType()).isEqualTo("IncompleteSignatureException");
    assertThat(body(replayed).get("message").asText())
        .isEqualTo("'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.");
    assertThat(original.errorType()).isEqualTo("IncompleteSignatureException");
    assertThat(
            body(send(sdk.operation("DescribeKey", describe))).at("/KeyMetadata/KeyState").asText())
        .isEqualTo("Enabled");
    AuditEvent refusal = kms.audit().events().get(recordsBefore);
    assertThat(refusal.eventName()).isEqualTo("DisableKey");
    assertThat(refusal.errorCode()).isEqualTo("IncompleteSignatureException");
    assertThat(refusal.userIdentity().type()).isEqualTo("Unknown");
    assertThat(refusal.additionalEventData()).isEqualTo(AuditEvent.UNAUTHENTICATED);
    assertThat(kms.audit().events())
        .noneMatch(e -> e.eventName().equals("DisableKey") && e.errorCode() == null);
  }

  @Test
  void requestSignedOverItsTarget_isServed() throws IOException {
    WireResponse created = send(sdk.operation("CreateKey", "{\"Description\":\"signed\"}"));

    assertThat(created.status()).isEqualTo(200);
    assertThat(body(created).at("/KeyMetadata/Description").asText()).isEqualTo("signed");
  }

  private WireResponse send(WireRequest request) {
    return dispatcher.dispatch(request, sigV4);
  }

  private static JsonNode body(WireResponse response) throws IOException {
    return JSON.readTree(response.body());
  }
}
