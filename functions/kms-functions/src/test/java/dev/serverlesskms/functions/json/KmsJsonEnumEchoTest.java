package dev.serverlesskms.functions.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import dev.serverlesskms.core.api.GenerateDataKeyRequest;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.audit.AuditEventJson;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.DataKeySpec;
import dev.serverlesskms.functions.wire.Authenticator;
import dev.serverlesskms.functions.wire.WireBody;
import dev.serverlesskms.functions.wire.WireDispatcher;
import dev.serverlesskms.functions.wire.WireRequest;
import dev.serverlesskms.functions.wire.WireResponse;
import dev.serverlesskms.testkit.TestKms;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An enum value outside its set is echoed as AWS echoes it, but cut to {@link
 * Validation#MAX_ECHO_CHARS} characters: a 500 KB value grows neither the answer nor its audit
 * record.
 */
class KmsJsonEnumEchoTest {
  private static final ObjectMapper JSON = KmsJson.newMapper();
  private static final String HUGE = "A".repeat(500 * 1024);
  private static final String CUT = "A".repeat(Validation.MAX_ECHO_CHARS) + Validation.ECHO_CUT;

  @Test
  void aShortValueOutsideTheSet_isReportedWhole() {
    InvalidFormatException failure = readKeySpec("AES_512");

    assertThat(failure.getValue()).isEqualTo("AES_512");
    assertThat(failure.getTargetType()).isEqualTo(DataKeySpec.class);
  }

  @Test
  void aValueOf500KB_isReportedCut() {
    InvalidFormatException failure = readKeySpec(HUGE);

    assertThat(failure.getValue()).isEqualTo(CUT);
    assertThat(failure.getTargetType()).isEqualTo(DataKeySpec.class);
    assertThat(failure.getMessage()).hasSizeLessThan(4096);
  }

  @Test
  void overTheWire_theAnswerAndTheAuditRecordEchoTheValueCut() throws Exception {
    TestKms kms = TestKms.create();
    WireDispatcher dispatcher = new WireDispatcher(kms.kms(), JSON, 1024 * 1024);
    byte[] body =
        ("{\"KeyId\":\"alias/x\",\"KeySpec\":\"" + HUGE + "\"}").getBytes(StandardCharsets.UTF_8);
    WireRequest request =
        new WireRequest(
            "req-echo",
            "POST",
            "/",
            null,
            Map.of("x-amz-target", List.of("TrentService.GenerateDataKey")),
            WireBody.of(body),
            "192.0.2.1",
            "echo-test",
            TestKms.accountRoot());

    WireResponse response =
        dispatcher.dispatch(request, Authenticator.byTransport(TestKms.LOCATION.accountId()));

    String expected =
        "1 validation error detected: Value '"
            + CUT
            + "' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: ["
            + "AES_256, AES_128]";
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorType()).isEqualTo("ValidationException");
    assertThat(response.body().length).isLessThan(2048);
    JsonNode answer = JSON.readTree(response.body());
    assertThat(answer.get("message").asText()).isEqualTo(expected);
    AuditEvent record = kms.audit().last();
    assertThat(record.errorMessage()).isEqualTo(expected);
    assertThat(AuditEventJson.toJson(record).getBytes(StandardCharsets.UTF_8).length)
        .isLessThan(4096);
  }

  private static InvalidFormatException readKeySpec(String keySpec) {
    return catchThrowableOfType(
        InvalidFormatException.class,
        () ->
            JSON.readValue(
                "{\"KeyId\":\"k\",\"KeySpec\":\"" + keySpec + "\"}", GenerateDataKeyRequest.class));
  }
}
