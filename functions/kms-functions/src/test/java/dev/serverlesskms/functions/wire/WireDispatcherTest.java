package dev.serverlesskms.functions.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.functions.json.KmsJson;
import dev.serverlesskms.testkit.MutableClock;
import dev.serverlesskms.testkit.TestKms;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every way a wire request can be wrong, each answered with its AWS error and exactly one audit
 * record, through the real facade of an in-memory KMS. The authenticator is a stand-in: a request
 * is signed when its Authorization header is {@code valid <akid>}.
 */
class WireDispatcherTest {
  private static final int LIMIT = 64;
  private static final ObjectMapper JSON = KmsJson.newMapper();
  private static final String ACCOUNT = TestKms.LOCATION.accountId();
  private static final String ALLOW_ALL =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\","
          + "\"Resource\":\"*\"}]}";

  /** alice and bob, the users the test authenticator makes, may do anything by IAM. */
  private final TestKms kms =
      TestKms.create()
          .attachIdentityPolicy("arn:aws:iam::" + ACCOUNT + ":user/alice", ALLOW_ALL)
          .attachIdentityPolicy("arn:aws:iam::" + ACCOUNT + ":user/bob", ALLOW_ALL);

  private final WireDispatcher dispatcher = new WireDispatcher(kms.kms(), JSON, LIMIT);
  private final Authenticator signatures = new HeaderAuthenticator();

  @Test
  void validRequest_answers200_andTheFacadeAuditsIt() throws IOException {
    WireResponse response =
        dispatch(post("TrentService.GenerateRandom", "{\"NumberOfBytes\":8}", "valid alice"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.isError()).isFalse();
    assertThat(JSON.readTree(response.body()).get("Plaintext").asText()).hasSize(12);
    AuditEvent record = onlyRecord();
    assertThat(record.eventName()).isEqualTo("GenerateRandom");
    assertThat(record.errorCode()).isNull();
    assertThat(record.userIdentity().accessKeyId()).isEqualTo("alice");
    assertThat(record.userIdentity().type()).isEqualTo("IAMUser");
  }

  @Test
  void get_isUnknownOperation_auditedUnderTheClaimedIdentity() {
    WireRequest get =
        request("GET", "/", "TrentService.ListKeys", WireBody.EMPTY, "forged mallory");

    expectRefused(dispatch(get), "UnknownOperationException", "POST / requests only");

    AuditEvent record = onlyRecord();
    assertThat(record.eventName()).isEqualTo("ListKeys");
    assertThat(record.errorCode()).isEqualTo("UnknownOperationException");
    assertThat(record.requestId()).isEqualTo(get.requestId());
    assertThat(record.userIdentity().type()).isEqualTo("Unknown");
    assertThat(record.userIdentity().accessKeyId()).isEqualTo("mallory");
    assertThat(record.sourceIpAddress()).isEqualTo("192.0.2.7");
    assertThat(record.userAgent()).isEqualTo("wire-test");
  }

  @Test
  void otherPath_isUnknownOperation_audited_evenWithoutATarget() {
    expectRefused(
        dispatch(request("POST", "/keys", null, body("{}"), null)),
        "UnknownOperationException",
        "POST / requests only");

    AuditEvent record = onlyRecord();
    assertThat(record.eventName()).isEqualTo("Unknown");
    assertThat(record.errorCode()).isEqualTo("UnknownOperationException");
    assertThat(record.userIdentity().accessKeyId()).isNull();
    assertThat(record.userIdentity().accountId()).isEqualTo(ACCOUNT);
  }

  @Test
  void bodyOverTheLimit_isValidationException_audited_whetherKeptOrDropped() {
    String big = "{\"Description\":\"" + "x".repeat(LIMIT) + "\"}";
    expectRefused(
        dispatch(post("TrentService.UpdateKeyDescription", big, "valid alice")),
        "ValidationException",
        "larger than the 64 bytes");
    expectRefused(
        dispatch(
            request(
                "POST",
                "/",
                "TrentService.UpdateKeyDescription",
                WireBody.dropped(10_000_000),
                "valid alice")),
        "ValidationException",
        "larger than the 64 bytes");

    assertThat(kms.audit().events())
        .extracting(AuditEvent::eventName, AuditEvent::errorCode)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("UpdateKeyDescription", "ValidationException"),
            org.assertj.core.groups.Tuple.tuple("UpdateKeyDescription", "ValidationException"));
  }

  @Test
  void bodyOfExactlyTheLimit_isAccepted() {
    String padded = "{\"NumberOfBytes\":8}";
    padded = padded + " ".repeat(LIMIT - padded.length());

    assertThat(dispatch(post("TrentService.GenerateRandom", padded, "valid alice")).status())
        .isEqualTo(200);
  }

  @Test
  void bodyTooLarge_isRefusedBeforeAuthentication() {
    // An unsigned oversized request: the size answers first, the signature is never checked.
    expectRefused(
        dispatch(post("TrentService.ListKeys", "x".repeat(LIMIT + 1), null)),
        "ValidationException",
        "larger than");
  }

  @Test
  void failedAuthentication_answersTheAuthenticatorsError_auditedUnderTheClaimedIdentity() {
    expectRefused(
        dispatch(post("TrentService.ListKeys", "{}", "forged mallory")),
        "InvalidSignatureException",
        "does not match");
    expectRefused(
        dispatch(post("TrentService.ListKeys", "{}", null)),
        "MissingAuthenticationTokenException",
        "Missing Authentication Token");

    List<AuditEvent> records = kms.audit().events();
    assertThat(records).hasSize(2);
    assertThat(records.get(0).eventName()).isEqualTo("ListKeys");
    assertThat(records.get(0).errorCode()).isEqualTo("InvalidSignatureException");
    assertThat(records.get(0).userIdentity().accessKeyId()).isEqualTo("mallory");
    assertThat(records.get(1).errorCode()).isEqualTo("MissingAuthenticationTokenException");
    assertThat(records.get(1).userIdentity().accessKeyId()).isNull();
  }

  @Test
  void unknownOrMissingTarget_isUnknownOperation_auditedUnderTheAuthenticatedCaller() {
    expectRefused(
        dispatch(post("TrentService.MineBitcoin", "{}", "valid alice")),
        "UnknownOperationException",
        "Unknown operation: TrentService.MineBitcoin");
    expectRefused(
        dispatch(post("OtherService.Encrypt", "{}", "valid alice")),
        "UnknownOperationException",
        "Unknown operation: OtherService.Encrypt");
    expectRefused(
        dispatch(post(null, "{}", "valid alice")),
        "UnknownOperationException",
        "no X-Amz-Target header");

    assertThat(kms.audit().events())
        .extracting(AuditEvent::eventName)
        .containsExactly("MineBitcoin", "OtherService.Encrypt", "Unknown");
    assertThat(kms.audit().events())
        .allSatisfy(
            record -> {
              assertThat(record.errorCode()).isEqualTo("UnknownOperationException");
              assertThat(record.userIdentity().type()).isEqualTo("IAMUser");
              assertThat(record.userIdentity().accessKeyId()).isEqualTo("alice");
            });
  }

  @Test
  void aLongUnknownTarget_isEchoedCutShort_inTheMessageAndTheAuditRecord() {
    String target = "TrentService." + "X".repeat(4000);

    WireResponse response = dispatch(post(target, "{}", "valid alice"));

    expectRefused(response, "UnknownOperationException", "XXX...");
    assertThat(response.body().length).isLessThan(1000);
    assertThat(kms.audit().last().eventName()).hasSize(Validation.MAX_ECHO_CHARS + 3);
  }

  @Test
  void unreadableBody_isSerializationException_auditedUnderItsOperation() {
    expectRefused(
        dispatch(post("TrentService.Encrypt", "{\"KeyId\": ", "valid alice")),
        "SerializationException",
        "not valid JSON");

    AuditEvent record = onlyRecord();
    assertThat(record.eventName()).isEqualTo("Encrypt");
    assertThat(record.errorCode()).isEqualTo("SerializationException");
    assertThat(record.userIdentity().accessKeyId()).isEqualTo("alice");
  }

  @Test
  void invalidBase64Blob_isSerializationException_withoutEchoingTheValue() {
    String secret = "s3cr3t-n0t-base64!";
    WireResponse response =
        dispatch(
            post(
                "TrentService.Encrypt",
                "{\"KeyId\":\"alias/x\",\"Plaintext\":\"" + secret + "\"}",
                "valid alice"));

    expectRefused(response, "SerializationException", "'Plaintext'");
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain("s3cr3t");
    assertThat(onlyRecord().errorMessage()).doesNotContain("s3cr3t");
  }

  @Test
  void operationError_isAnsweredWithItsType_andAuditedOnceByTheFacade() {
    String keyId = UUID.randomUUID().toString();

    expectRefused(
        dispatch(post("TrentService.DescribeKey", "{\"KeyId\":\"" + keyId + "\"}", "valid alice")),
        "NotFoundException",
        "does not exist");

    AuditEvent record = onlyRecord();
    assertThat(record.eventName()).isEqualTo("DescribeKey");
    assertThat(record.errorCode()).isEqualTo("NotFoundException");
  }

  @Test
  void refusedRequest_whoseAuditRecordIsRefused_failsClosed() {
    kms.audit().refuse(true);

    WireResponse response = dispatch(request("GET", "/", null, WireBody.EMPTY, null));

    assertThat(response.status()).isEqualTo(500);
    assertThat(response.errorType()).isEqualTo("KMSInternalException");
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("audit");
  }

  /** The region the transport assigns (the local server: the SigV4 scope's) is the request's. */
  @Test
  void theTransportsRegion_isTheRequestsRegion_servedAndAudited() throws IOException {
    Authenticator inEu =
        new HeaderAuthenticator() {
          @Override
          public String region(WireRequest request) {
            return "eu-west-1";
          }
        };

    WireResponse created =
        dispatcher.dispatch(post("TrentService.CreateKey", "{}", "valid alice"), inEu);
    WireResponse refused =
        dispatcher.dispatch(post("TrentService.ListKeys", "{}", "forged mallory"), inEu);

    assertThat(created.status()).isEqualTo(200);
    assertThat(JSON.readTree(created.body()).at("/KeyMetadata/Arn").asText())
        .startsWith("arn:aws:kms:eu-west-1:" + ACCOUNT + ":key/");
    expectRefused(refused, "InvalidSignatureException", "signature");
    assertThat(kms.audit().events())
        .extracting(AuditEvent::eventName, AuditEvent::awsRegion)
        .containsExactly(tuple("CreateKey", "eu-west-1"), tuple("ListKeys", "eu-west-1"));
    // The default region does not hold it.
    WireResponse listed = dispatch(post("TrentService.ListKeys", "{}", "valid alice"));
    assertThat(JSON.readTree(listed.body()).get("Keys")).isEmpty();
  }

  @Test
  void authenticatorFailingUnexpectedly_isInternalError_audited() {
    Authenticator broken =
        new HeaderAuthenticator() {
          @Override
          public Caller authenticate(WireRequest request) {
            throw new IllegalStateException("bug");
          }
        };

    WireResponse response =
        dispatcher.dispatch(post("TrentService.ListKeys", "{}", "valid alice"), broken);

    assertThat(response.status()).isEqualTo(500);
    assertThat(response.errorType()).isEqualTo("KMSInternalException");
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain("bug");
    assertThat(onlyRecord().errorCode()).isEqualTo("KMSInternalException");
  }

  @Test
  void transportAuthenticator_takesTheTransportsCaller_andRefusesARequestWithout() {
    Authenticator transport = Authenticator.byTransport(ACCOUNT);
    Caller iam =
        new Caller(
            "IAMUser", "AIDAEXAMPLE", "arn:aws:iam::" + ACCOUNT + ":user/bob", ACCOUNT, "AKIDBOB");
    WireRequest authorized =
        new WireRequest(
            "r-1",
            "POST",
            "/",
            null,
            Map.of("x-amz-target", List.of("TrentService.GenerateRandom")),
            body("{\"NumberOfBytes\":8}"),
            null,
            null,
            iam);
    WireRequest anonymous =
        new WireRequest(
            "r-2",
            "POST",
            "/",
            null,
            Map.of("x-amz-target", List.of("TrentService.GenerateRandom")),
            body("{\"NumberOfBytes\":8}"),
            null,
            null,
            null);

    assertThat(dispatcher.dispatch(authorized, transport).status()).isEqualTo(200);
    expectRefused(
        dispatcher.dispatch(anonymous, transport),
        "MissingAuthenticationTokenException",
        "Missing Authentication Token");

    List<AuditEvent> records = kms.audit().events();
    assertThat(records.get(0).userIdentity().arn()).isEqualTo(iam.arn());
    assertThat(records.get(1).userIdentity().type()).isEqualTo("Unknown");
    assertThat(records.get(1).userIdentity().accountId()).isEqualTo(ACCOUNT);
  }

  @Test
  void transportAuthenticator_refusesASignatureThatLeavesTheOperationUnsigned() {
    // API Gateway verified this signature, but it covers only host and date: a captured
    // DescribeKey re-sent as DisableKey would pass its check.
    Authenticator transport = Authenticator.byTransport(ACCOUNT);
    Caller iam =
        new Caller(
            "IAMUser", "AIDAEXAMPLE", "arn:aws:iam::" + ACCOUNT + ":user/bob", ACCOUNT, "AKIDBOB");
    String scope = "Credential=AKIDBOB/20261123/us-east-1/execute-api/aws4_request, ";
    WireRequest hostAndDateOnly =
        transportRequest(
            iam,
            "AWS4-HMAC-SHA256 " + scope + "SignedHeaders=host;x-amz-date, Signature=00",
            "TrentService.GenerateRandom");
    WireRequest targetSigned =
        transportRequest(
            iam,
            "AWS4-HMAC-SHA256 "
                + scope
                + "SignedHeaders=host;x-amz-date;x-amz-target, Signature=00",
            "TrentService.GenerateRandom");

    expectRefused(
        dispatcher.dispatch(hostAndDateOnly, transport),
        "IncompleteSignatureException",
        "'X-Amz-Target' must be a 'SignedHeader'");
    assertThat(dispatcher.dispatch(targetSigned, transport).status()).isEqualTo(200);
    assertThat(kms.audit().events().get(0).errorCode()).isEqualTo("IncompleteSignatureException");
  }

  private static WireRequest transportRequest(Caller caller, String authorization, String target) {
    return new WireRequest(
        UUID.randomUUID().toString(),
        "POST",
        "/",
        null,
        Map.of("authorization", List.of(authorization), "x-amz-target", List.of(target)),
        body("{\"NumberOfBytes\":8}"),
        null,
        null,
        caller);
  }

  @Test
  void recordsOfRequestsRefusedBeforeOrAtAuthentication_markTheirIdentityAndOperationUnverified() {
    dispatch(request("GET", "/", "TrentService.DisableKey", WireBody.EMPTY, "forged mallory"));
    dispatch(post("TrentService.DisableKey", "x".repeat(LIMIT + 1), "forged mallory"));
    dispatch(post("TrentService.DisableKey", "{}", "forged mallory"));
    dispatch(post("TrentService.DisableKey", "{}", null));

    List<AuditEvent> records = kms.audit().events();
    assertThat(records).hasSize(4);
    for (AuditEvent record : records) {
      assertThat(record.eventName()).isEqualTo("DisableKey");
      assertThat(record.additionalEventData()).isEqualTo(Map.of("authenticated", false));
      assertThat(dev.serverlesskms.core.audit.AuditEventJson.toJson(record))
          .contains("\"additionalEventData\":{\"authenticated\":false}");
    }
    assertThat(records.subList(0, 3))
        .allSatisfy(r -> assertThat(r.userIdentity().accessKeyId()).isEqualTo("mallory"));
  }

  @Test
  void recordsOfAuthenticatedRequests_carryNoMark_evenWhenRefused() {
    dispatch(post("TrentService.GenerateRandom", "{\"NumberOfBytes\":8}", "valid alice"));
    dispatch(post("TrentService.MineBitcoin", "{}", "valid alice"));
    dispatch(post("TrentService.Encrypt", "{", "valid alice"));

    assertThat(kms.audit().events()).hasSize(3);
    for (AuditEvent record : kms.audit().events()) {
      assertThat(record.additionalEventData()).isNull();
      assertThat(dev.serverlesskms.core.audit.AuditEventJson.toJson(record))
          .doesNotContain("additionalEventData");
    }
  }

  @Test
  void pastItsQuota_anOperationIsThrottled_audited_andDoesNotRun() {
    MutableClock clock = MutableClock.startingAt(TestKms.START);
    WireDispatcher limited =
        new WireDispatcher(
            kms.kms(),
            JSON,
            1 << 20,
            new RequestQuotas(Map.of("CreateKey", new RequestQuotas.Quota(0.25, 1)), clock));

    WireResponse first =
        limited.dispatch(post("TrentService.CreateKey", "{}", "valid alice"), signatures);
    WireResponse second =
        limited.dispatch(post("TrentService.CreateKey", "{}", "valid alice"), signatures);
    WireResponse other =
        limited.dispatch(post("TrentService.ListKeys", "{}", "valid alice"), signatures);
    clock.advance(java.time.Duration.ofSeconds(4));
    WireResponse later =
        limited.dispatch(post("TrentService.CreateKey", "{}", "valid alice"), signatures);

    assertThat(first.status()).isEqualTo(200);
    expectRefused(
        second, "ThrottlingException", "You have exceeded the rate at which you may call KMS.");
    assertThat(other.status()).isEqualTo(200);
    assertThat(later.status()).isEqualTo(200);
    assertThat(kms.audit().events())
        .extracting(AuditEvent::eventName, AuditEvent::errorCode)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("CreateKey", null),
            org.assertj.core.groups.Tuple.tuple("CreateKey", "ThrottlingException"),
            org.assertj.core.groups.Tuple.tuple("ListKeys", null),
            org.assertj.core.groups.Tuple.tuple("CreateKey", null));
    assertThat(kms.audit().events().get(1).userIdentity().accessKeyId()).isEqualTo("alice");
    assertThat(kms.audit().events().get(1).additionalEventData()).isNull();
  }

  @Test
  void refusalByTheTransport_isAnsweredWithItsError_andAuditedUnderTheClaimedIdentity() {
    WireResponse response =
        dispatcher.refuse(
            post("TrentService.Encrypt", "{\"KeyId\":", "forged mallory"),
            signatures,
            KmsException.of(KmsErrorType.REQUEST_TIMEOUT, "The request body did not arrive."));

    expectRefused(response, "RequestTimeoutException", "did not arrive");
    AuditEvent record = onlyRecord();
    assertThat(record.eventName()).isEqualTo("Encrypt");
    assertThat(record.errorCode()).isEqualTo("RequestTimeoutException");
    assertThat(record.userIdentity().accessKeyId()).isEqualTo("mallory");
    assertThat(record.additionalEventData()).isEqualTo(AuditEvent.UNAUTHENTICATED);
  }

  @Test
  void errorAnswers_carryTheAwsHeaders() {
    WireResponse response = dispatch(request("GET", "/", null, WireBody.EMPTY, null));

    assertThat(response.headers("req-1"))
        .containsExactly(
            Map.entry("Content-Type", "application/x-amz-json-1.1"),
            Map.entry("x-amzn-RequestId", "req-1"),
            Map.entry("x-amzn-ErrorType", "UnknownOperationException"));
  }

  // ------------------------------------------------------------------ helpers

  private WireResponse dispatch(WireRequest request) {
    return dispatcher.dispatch(request, signatures);
  }

  private AuditEvent onlyRecord() {
    assertThat(kms.audit().events()).hasSize(1);
    return kms.audit().last();
  }

  /** Asserts the AWS error shape; the audit record is asserted by each test. */
  private static void expectRefused(WireResponse response, String type, String messagePart) {
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorType()).isEqualTo(type);
    try {
      JsonNode body = JSON.readTree(response.body());
      assertThat(body.get("__type").asText()).isEqualTo(type);
      assertThat(body.get("message").asText()).contains(messagePart);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + new String(response.body(), StandardCharsets.UTF_8));
    }
  }

  private static WireBody body(String json) {
    return WireBody.of(json.getBytes(StandardCharsets.UTF_8));
  }

  private static WireRequest post(String target, String json, String authorization) {
    return request("POST", "/", target, body(json), authorization);
  }

  private static WireRequest request(
      String method, String path, String target, WireBody body, String authorization) {
    Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
    if (target != null) {
      headers.put("x-amz-target", List.of(target));
    }
    if (authorization != null) {
      headers.put("authorization", List.of(authorization));
    }
    return new WireRequest(
        UUID.randomUUID().toString(),
        method,
        path,
        null,
        headers,
        body,
        "192.0.2.7",
        "wire-test",
        null);
  }

  /** {@code Authorization: valid <akid>} authenticates; {@code forged <akid>} claims only. */
  private static class HeaderAuthenticator implements Authenticator {
    @Override
    public Caller authenticate(WireRequest request) {
      String authorization = request.header("authorization");
      if (authorization == null) {
        throw KmsException.of(
            KmsErrorType.MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token");
      }
      if (!authorization.startsWith("valid ")) {
        throw KmsException.of(
            KmsErrorType.INVALID_SIGNATURE,
            "The request signature we calculated does not match the signature you provided.");
      }
      String akid = authorization.substring("valid ".length());
      return new Caller(
          "IAMUser", akid, "arn:aws:iam::" + ACCOUNT + ":user/" + akid, ACCOUNT, akid);
    }

    @Override
    public Caller claimed(WireRequest request) {
      String authorization = request.header("authorization");
      String akid = authorization == null ? null : authorization.split(" ", 2)[1];
      return Caller.claimed(akid, ACCOUNT);
    }
  }
}
