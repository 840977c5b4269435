package dev.serverlesskms.functions.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.functions.wire.WireBody;
import dev.serverlesskms.functions.wire.WireRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the local server records as the caller: the principal whose access key signed the request
 * (of any account), or, for a request refused before or at authentication, the access key id it
 * claims. The signature checks themselves are exercised against real SDK signatures by
 * WireProtocolIT and WireCapturesIT.
 */
class SigV4AuthenticatorTest {
  private static final String ACCOUNT = "000000000000";

  private final SigV4Authenticator authenticator =
      new SigV4Authenticator(
          new SigV4Verifier(
              LocalPrincipals.load(
                  Optional.of("test:test"), Optional.empty(), Optional.empty(), ACCOUNT),
              "kms",
              Duration.ofMinutes(15),
              Clock.systemUTC()),
          AllowedHosts.of(AllowedHosts.LOOPBACK),
          ACCOUNT);

  @Test
  void developmentPair_isTheRootOfTheKmsAccount() {
    Caller caller =
        authenticator.authenticate(
            new SdkSignedRequests(Clock.systemUTC(), "test", "test").operation("ListKeys", "{}"));

    assertThat(caller)
        .isEqualTo(
            new Caller("Root", ACCOUNT, "arn:aws:iam::" + ACCOUNT + ":root", ACCOUNT, "test"));
  }

  @Test
  void principalsOfTwoAccounts_areEachTheirOwnCaller() throws IOException {
    Path file = Files.createTempFile("principals", ".json");
    try {
      Files.writeString(
          file,
          """
          {"principals": [
            {"accessKeyId": "AKIAEXAMPLEALICE0001", "secretAccessKey": "alice-secret",
             "arn": "arn:aws:iam::000000000000:user/alice", "policies": []},
            {"accessKeyId": "AKIAEXAMPLEOPS000001", "secretAccessKey": "ops-secret",
             "arn": "arn:aws:iam::111122223333:role/ops", "sessionName": "deploy", "policies": []},
            {"accessKeyId": "AKIAEXAMPLEROOT00001", "secretAccessKey": "root-secret",
             "arn": "arn:aws:iam::111122223333:root"}
          ]}
          """);
      SigV4Authenticator twoAccounts =
          new SigV4Authenticator(
              new SigV4Verifier(
                  LocalPrincipals.load(
                      Optional.of("test:test"), Optional.empty(), Optional.of(file), ACCOUNT),
                  "kms",
                  Duration.ofMinutes(15),
                  Clock.systemUTC()),
              AllowedHosts.of(AllowedHosts.LOOPBACK),
              ACCOUNT);

      assertThat(twoAccounts.authenticate(signed("AKIAEXAMPLEALICE0001", "alice-secret")))
          .isEqualTo(
              new Caller(
                  "IAMUser",
                  "AKIAEXAMPLEALICE0001",
                  "arn:aws:iam::000000000000:user/alice",
                  "000000000000",
                  "AKIAEXAMPLEALICE0001"));
      assertThat(twoAccounts.authenticate(signed("AKIAEXAMPLEOPS000001", "ops-secret")))
          .isEqualTo(
              new Caller(
                  "AssumedRole",
                  "AKIAEXAMPLEOPS000001:deploy",
                  "arn:aws:sts::111122223333:assumed-role/ops/deploy",
                  "111122223333",
                  "AKIAEXAMPLEOPS000001"));
      assertThat(twoAccounts.authenticate(signed("AKIAEXAMPLEROOT00001", "root-secret")))
          .isEqualTo(
              new Caller(
                  "Root",
                  "111122223333",
                  "arn:aws:iam::111122223333:root",
                  "111122223333",
                  "AKIAEXAMPLEROOT00001"));
      assertThat(twoAccounts.authenticate(signed("test", "test")).arn())
          .isEqualTo("arn:aws:iam::000000000000:root");
      // One principal's key signed with another's secret is no one's signature.
      KmsException refused =
          catchThrowableOfType(
              KmsException.class,
              () -> twoAccounts.authenticate(signed("AKIAEXAMPLEOPS000001", "root-secret")));
      assertThat(refused.type().wireName()).isEqualTo("InvalidSignatureException");
    } finally {
      Files.delete(file);
    }
  }

  private static WireRequest signed(String accessKeyId, String secret) {
    return new SdkSignedRequests(Clock.systemUTC(), accessKeyId, secret)
        .operation("Encrypt", "{\"KeyId\":\"alias/x\",\"Plaintext\":\"AA==\"}");
  }

  @Test
  void claimed_isTheAccessKeyIdOfTheAuthorizationHeader_unverified() {
    Caller claimed =
        authenticator.claimed(
            request(
                "AWS4-HMAC-SHA256 Credential=AKIDCLAIMED/20260601/us-east-1/kms/aws4_request,"
                    + " SignedHeaders=host, Signature=00"));

    assertThat(claimed.type()).isEqualTo("Unknown");
    assertThat(claimed.accessKeyId()).isEqualTo("AKIDCLAIMED");
    assertThat(claimed.arn()).isNull();
    assertThat(claimed.accountId()).isEqualTo(ACCOUNT);
    assertThat(claimed.verified()).isFalse();
  }

  @Test
  void claimed_withoutOrWithAnUnreadableHeader_hasNoAccessKeyId() {
    assertThat(authenticator.claimed(request(null)).accessKeyId()).isNull();
    assertThat(authenticator.claimed(request("Basic dXNlcjpwYXNz")).accessKeyId()).isNull();
  }

  @Test
  void region_isTheRegionTheRequestWasSignedFor() {
    WireRequest signed =
        new SdkSignedRequests(Clock.systemUTC(), "test", "test", "eu-central-1")
            .operation("ListKeys", "{}");

    assertThat(authenticator.authenticate(signed).accessKeyId()).isEqualTo("test");
    assertThat(authenticator.region(signed)).isEqualTo("eu-central-1");
  }

  @Test
  void region_ofARefusedRequest_isTheOneItClaims_ifItIsARegion() {
    assertThat(
            authenticator.region(
                request(
                    "AWS4-HMAC-SHA256 Credential=AKIDCLAIMED/20260601/ap-south-1/kms/aws4_request,"
                        + " SignedHeaders=host, Signature=00")))
        .isEqualTo("ap-south-1");
    assertThat(
            authenticator.region(
                request(
                    "AWS4-HMAC-SHA256 Credential=AKIDCLAIMED/20260601/not a region/kms/aws4_request,"
                        + " SignedHeaders=host, Signature=00")))
        .isNull();
    assertThat(authenticator.region(request(null))).isNull();
    assertThat(authenticator.region(request("Basic dXNlcjpwYXNz"))).isNull();
  }

  @Test
  void authenticate_unsignedRequest_isMissingAuthenticationToken() {
    KmsException refused =
        catchThrowableOfType(KmsException.class, () -> authenticator.authenticate(request(null)));

    assertThat(refused.type().wireName()).isEqualTo("MissingAuthenticationTokenException");
  }

  @Test
  void authenticate_foreignHost_isAccessDenied_beforeTheSignatureIsLookedAt() {
    for (String host :
        new String[] {"evil.example:4599", "evil.example", "localhost.evil.example", "", null}) {
      KmsException refused =
          catchThrowableOfType(
              KmsException.class, () -> authenticator.authenticate(request(null, host)));

      assertThat(refused.type().wireName()).as(host).isEqualTo("AccessDeniedException");
      assertThat(refused.getMessage()).as(host).contains("kms.local.allowed-hosts");
    }
  }

  @Test
  void authenticate_foreignHost_isEchoedShort() {
    String host = "a".repeat(10_000) + ".example";
    KmsException refused =
        catchThrowableOfType(
            KmsException.class, () -> authenticator.authenticate(request(null, host)));

    assertThat(refused.getMessage()).hasSizeLessThan(200);
  }

  private static WireRequest request(String authorization) {
    return request(authorization, "127.0.0.1:4599");
  }

  private static WireRequest request(String authorization, String host) {
    Map<String, List<String>> headers = new java.util.HashMap<>();
    if (host != null) {
      headers.put("host", List.of(host));
    }
    if (authorization != null) {
      headers.put("authorization", List.of(authorization));
    }
    return new WireRequest("r", "POST", "/", null, headers, WireBody.EMPTY, null, null, null);
  }
}
