package dev.serverlesskms.functions.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.functions.local.AllowedHosts;
import dev.serverlesskms.functions.local.LocalPrincipals;
import dev.serverlesskms.functions.local.SigV4Authenticator;
import dev.serverlesskms.functions.local.SigV4Verifier;
import dev.serverlesskms.functions.wire.WireBody;
import dev.serverlesskms.functions.wire.WireRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The SigV4 parser and verifier (the Authorization header, X-Amz-Date, the canonical request of any
 * method, path, query, headers and body) on any request, as the local server authenticates it:
 * either the request is signed by the development credential, or it is refused with an AWS
 * authentication error below 500; and the unverified identity recorded for a refused request is
 * read without failing.
 *
 * <p>An input is an HTTP request head and body: {@code METHOD SP PATH[?QUERY] LF (name: value LF)*
 * LF body}, the head read as UTF-8 (a header may repeat). The clock is fixed at the day the seeds
 * were signed, 2026-11-23, with the skew the server allows for the recorded requests.
 *
 * <p>Seeds (the recorded requests of AWS CLI v2, boto3, the JavaScript v3 and Java v2 SDKs): {@code
 * src/test/resources/dev/serverlesskms/functions/fuzz/SigV4FuzzTestInputs/}. Longer runs:
 * docs/fuzzing.md.
 */
class SigV4FuzzTest {
  static final String ACCOUNT = "111122223333";
  private static final Instant SIGNED_ON = Instant.parse("2026-11-23T05:45:00Z");

  static final SigV4Authenticator AUTHENTICATOR =
      new SigV4Authenticator(
          new SigV4Verifier(
              LocalPrincipals.load(
                  Optional.of("test:test"), Optional.empty(), Optional.empty(), ACCOUNT),
              "kms",
              Duration.ofDays(1),
              Clock.fixed(SIGNED_ON, ZoneOffset.UTC)),
          AllowedHosts.of(AllowedHosts.LOOPBACK),
          ACCOUNT);

  @FuzzTest(maxDuration = "1s")
  @DictionaryEntries({
    "AWS4-HMAC-SHA256 ",
    "Credential=",
    "test/20261123/us-east-1/kms/aws4_request",
    ", SignedHeaders=",
    "host;x-amz-date;x-amz-target",
    ", Signature=",
    "authorization: ",
    "x-amz-date: ",
    "20261123T054503Z",
    "x-amz-target: ",
    "TrentService.DescribeKey",
    "host: ",
    "127.0.0.1:4599",
    "x-amz-content-sha256: ",
    "%2F",
    "%",
  })
  void authenticate_ofAnyRequest_isTheSignerOrAnAuthenticationError(byte[] input) {
    WireRequest request = parse(input);

    Caller claimed = AUTHENTICATOR.claimed(request);
    assertThat(claimed.accountId()).isEqualTo(ACCOUNT);
    try {
      Caller caller = AUTHENTICATOR.authenticate(request);
      assertThat(caller.accessKeyId()).isEqualTo("test");
    } catch (KmsException e) {
      assertThat(e.type()).as(e.toString()).isNotEqualTo(KmsErrorType.INTERNAL);
      assertThat(e.type().httpStatus()).as(e.toString()).isEqualTo(400);
    }
  }

  /** The request an input stands for. */
  static WireRequest parse(byte[] input) {
    int end = headEnd(input);
    String head = new String(input, 0, end, StandardCharsets.UTF_8);
    byte[] body =
        end + 2 <= input.length ? Arrays.copyOfRange(input, end + 2, input.length) : new byte[0];
    String[] lines = head.split("\n", -1);
    String[] requestLine = lines[0].split(" ", 2);
    String method = requestLine[0];
    String target = requestLine.length > 1 ? requestLine[1] : "/";
    int question = target.indexOf('?');
    String path = question < 0 ? target : target.substring(0, question);
    String query = question < 0 ? null : target.substring(question + 1);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).strip();
      headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return new WireRequest(
        "fuzz", method, path, query, headers, WireBody.of(body), "127.0.0.1", "fuzz", null);
  }

  /** Where the head ends: the first empty line, or the end of the input. */
  private static int headEnd(byte[] input) {
    for (int i = 0; i + 1 < input.length; i++) {
      if (input[i] == '\n' && input[i + 1] == '\n') {
        return i;
      }
    }
    return input.length;
  }
}
