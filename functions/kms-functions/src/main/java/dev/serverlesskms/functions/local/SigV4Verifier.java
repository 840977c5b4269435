package dev.serverlesskms.functions.local;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.functions.principals.Principal;
import dev.serverlesskms.functions.wire.SigV4Authorization;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 on requests to the local server, answering failures with the
 * errors AWS services send (and that the AWS SDKs act on: a stale signature makes them correct
 * their clock and retry).
 *
 * <p>The algorithm is AWS's published one: canonical request, string to sign, HMAC-SHA256 key chain
 * (date, region, service, {@code aws4_request}). The payload hash is always computed from the body
 * received, so an altered body never verifies. The signature must cover the host, the date and
 * every {@code x-amz-*} header, the operation among them ({@link
 * SigV4Authorization#requireCoverage}), and its scope must be for the day of its {@code
 * X-Amz-Date}.
 *
 * <p>The scope's region may be any AWS region name ({@link KmsLocation#isRegion}): one local server
 * serves every region, and the request runs in the region it was signed for ({@link
 * SigV4Authenticator#region}). A scope naming something that is not a region is refused as AWS
 * refuses a region its endpoint does not serve.
 */
public final class SigV4Verifier {
  private static final String ALGORITHM = SigV4Authorization.ALGORITHM;
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final LocalPrincipals principals;
  private final String service;
  private final Duration maxSkew;
  private final Clock wallClock;

  /**
   * @param wallClock the real time, for the freshness check (never the KMS's own, possibly offset,
   *     clock: clients sign with the real time)
   */
  public SigV4Verifier(
      LocalPrincipals principals, String service, Duration maxSkew, Clock wallClock) {
    this.principals = principals;
    this.service = service;
    this.maxSkew = maxSkew;
    this.wallClock = wallClock;
  }

  /** The principals whose access keys this verifier accepts. */
  public LocalPrincipals principals() {
    return principals;
  }

  /**
   * @return the principal whose access key signed the request
   * @throws KmsException MissingAuthenticationTokenException, IncompleteSignatureException,
   *     UnrecognizedClientException or InvalidSignatureException
   */
  public Principal verify(SignedRequest request) {
    Instant now = wallClock.instant();
    String authorization = request.header("authorization");
    if (authorization == null || authorization.isBlank()) {
      throw KmsException.of(
          KmsErrorType.MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token");
    }
    SigV4Authorization auth = SigV4Authorization.parse(authorization);
    Principal principal =
        principals
            .find(auth.accessKeyId())
            .orElseThrow(
                () ->
                    KmsException.of(
                        KmsErrorType.UNRECOGNIZED_CLIENT,
                        "The security token included in the request is invalid."));

    String amzDate = request.header("x-amz-date");
    if (amzDate == null) {
      throw KmsException.of(
          KmsErrorType.INCOMPLETE_SIGNATURE,
          "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }
    Instant signedAt;
    try {
      signedAt = Instant.from(AMZ_DATE.parse(amzDate));
    } catch (DateTimeParseException e) {
      throw KmsException.of(
          KmsErrorType.INCOMPLETE_SIGNATURE, "The X-Amz-Date header is not a valid date.");
    }
    // Equal, not a prefix: an empty or shortened scope date would otherwise match any day.
    if (!auth.date().equals(amzDate.substring(0, 8))) {
      throw invalidSignature(
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
              + auth.date()
              + "' != '"
              + amzDate.substring(0, 8)
              + "', from '"
              + amzDate
              + "'.");
    }
    if (!KmsLocation.isRegion(auth.region())) {
      throw invalidSignature(
          "Credential should be scoped to a valid region, not '" + auth.region() + "'. ");
    }
    if (!auth.service().equals(service)) {
      throw invalidSignature("Credential should be scoped to correct service: '" + service + "'. ");
    }
    auth.requireCoverage(request.headers());
    if (signedAt.isBefore(now.minus(maxSkew))) {
      throw invalidSignature(
          "Signature expired: "
              + amzDate
              + " is now earlier than "
              + AMZ_DATE.format(now.minus(maxSkew))
              + " ("
              + AMZ_DATE.format(now)
              + " - "
              + maxSkew.toMinutes()
              + " min.)");
    }
    if (signedAt.isAfter(now.plus(maxSkew))) {
      throw invalidSignature(
          "Signature not yet current: "
              + amzDate
              + " is still later than "
              + AMZ_DATE.format(now.plus(maxSkew))
              + " ("
              + AMZ_DATE.format(now)
              + " + "
              + maxSkew.toMinutes()
              + " min.)");
    }

    String scope = auth.date() + "/" + auth.region() + "/" + auth.service() + "/aws4_request";
    String stringToSign =
        ALGORITHM
            + "\n"
            + amzDate
            + "\n"
            + scope
            + "\n"
            + hex(sha256(canonicalRequest(request, auth.signedHeaders())));
    byte[] expected = hmac(signingKey(principal.secretAccessKey(), auth), stringToSign);
    byte[] presented;
    try {
      presented = HexFormat.of().parseHex(auth.signature());
    } catch (IllegalArgumentException e) {
      presented = new byte[0];
    }
    if (!MessageDigest.isEqual(expected, presented)) {
      throw invalidSignature(
          "The request signature we calculated does not match the signature you provided. Check your AWS Secret"
              + " Access Key and signing method. Consult the service documentation for details.");
    }
    return principal;
  }

  /** Builds the canonical request of SigV4 for the headers the client signed. */
  static String canonicalRequest(SignedRequest request, List<String> signedHeaders) {
    StringBuilder canonical = new StringBuilder();
    canonical.append(request.method()).append('\n');
    canonical.append(canonicalUri(request.rawPath())).append('\n');
    canonical.append(canonicalQuery(request.rawQuery())).append('\n');
    for (String name : signedHeaders) {
      List<String> values = request.headers().getOrDefault(name, List.of());
      List<String> trimmed = new ArrayList<>();
      for (String value : values) {
        trimmed.add(value.trim().replaceAll(" +", " "));
      }
      canonical.append(name).append(':').append(String.join(",", trimmed)).append('\n');
    }
    canonical.append('\n');
    canonical.append(String.join(";", signedHeaders)).append('\n');
    canonical.append(hex(sha256(request.body())));
    return canonical.toString();
  }

  /** Non-S3 SigV4 encodes each path segment once more on top of what the client sent. */
  private static String canonicalUri(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    List<String> segments = new ArrayList<>();
    for (String segment : rawPath.split("/", -1)) {
      segments.add(uriEncode(segment));
    }
    return String.join("/", segments);
  }

  private static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> params = new ArrayList<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.add(new String[] {uriEncode(decodeQuery(name)), uriEncode(decodeQuery(value))});
    }
    params.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    List<String> encoded = new ArrayList<>();
    for (String[] p : params) {
      encoded.add(p[0] + "=" + p[1]);
    }
    return String.join("&", encoded);
  }

  /** RFC 3986 unreserved characters stay; everything else is %XX (upper-case hex). */
  private static String uriEncode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xFF));
      }
    }
    return out.toString();
  }

  private static byte[] signingKey(String secret, SigV4Authorization auth) {
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), auth.date());
    key = hmac(key, auth.region());
    key = hmac(key, auth.service());
    return hmac(key, "aws4_request");
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static byte[] sha256(String data) {
    return sha256(data.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * A query component, percent-decoded. A malformed escape ({@code %zz}) cannot have been signed by
   * an SDK: it is the caller's error (InvalidSignatureException), not a server failure.
   */
  private static String decodeQuery(String component) {
    try {
      return URLDecoder.decode(component, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalidSignature("The query string has a malformed percent escape.");
    }
  }

  private static KmsException invalidSignature(String message) {
    return KmsException.of(KmsErrorType.INVALID_SIGNATURE, message);
  }
}
