package dev.serverlesskms.functions.local;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.functions.principals.Principal;
import dev.serverlesskms.functions.wire.SigV4Authorization;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;

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
 * <p>The scope's region may be any AWS region (or the default region): one local server serves
 * every region, and the request runs in the region it was signed for ({@link
 * SigV4Authenticator#region}). A scope naming something that is not a region is refused as AWS
 * refuses a region its endpoint does not serve.
 */
public final class SigV4Verifier {
  private static final String ALGORITHM = SigV4Authorization.ALGORITHM;

  private final LocalPrincipals principals;
  private final String service;
  private final Duration maxSkew;
  private final Clock wallClock;
  private final String defaultRegion;
  private final SigV4Crypto crypto = new SigV4Crypto();

  /**
   * @param wallClock the real time, for the freshness check (never the KMS's own, possibly offset,
   *     clock: clients sign with the real time)
   */
  public SigV4Verifier(
      LocalPrincipals principals, String service, Duration maxSkew, Clock wallClock) {
    this(principals, service, maxSkew, wallClock, null);
  }

  /**
   * @param defaultRegion the KMS's default region ({@code kms.region}), served even when it is not
   *     an AWS region (such as {@code local}); or {@code null}
   */
  public SigV4Verifier(
      LocalPrincipals principals,
      String service,
      Duration maxSkew,
      Clock wallClock,
      String defaultRegion) {
    this.principals = principals;
    this.service = service;
    this.maxSkew = maxSkew;
    this.wallClock = wallClock;
    this.defaultRegion = defaultRegion;
  }

  /**
   * Whether a request signed for {@code region} is served: the default region, and the regions AWS
   * has (as the AWS SDK's region metadata lists them). Only those: each region served gets its own
   * key space in the store (maps in the local file), so a caller signing for ever new made-up names
   * must not make the server grow; AWS itself answers such a request with this same refusal.
   */
  private boolean serves(String region) {
    return region.equals(defaultRegion)
        || (KmsLocation.isRegion(region) && AwsRegions.NAMES.contains(region));
  }

  /** The X-Amz-Date format, for error messages only (requests are read by {@link AmzDates}). */
  private static final class ErrorDates {
    static final DateTimeFormatter AMZ_DATE =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  }

  /** AWS's region names, read from the SDK's metadata on first use (not at start-up). */
  private static final class AwsRegions {
    static final Set<String> NAMES =
        Region.regions().stream().map(Region::id).collect(Collectors.toUnmodifiableSet());
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
      signedAt = Instant.ofEpochSecond(AmzDates.parseEpochSecond(amzDate));
    } catch (IllegalArgumentException e) {
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
    if (!serves(auth.region())) {
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
              + ErrorDates.AMZ_DATE.format(now.minus(maxSkew))
              + " ("
              + ErrorDates.AMZ_DATE.format(now)
              + " - "
              + maxSkew.toMinutes()
              + " min.)");
    }
    if (signedAt.isAfter(now.plus(maxSkew))) {
      throw invalidSignature(
          "Signature not yet current: "
              + amzDate
              + " is still later than "
              + ErrorDates.AMZ_DATE.format(now.plus(maxSkew))
              + " ("
              + ErrorDates.AMZ_DATE.format(now)
              + " + "
              + maxSkew.toMinutes()
              + " min.)");
    }

    StringBuilder stringToSign = new StringBuilder(160);
    stringToSign.append(ALGORITHM).append('\n').append(amzDate).append('\n');
    stringToSign.append(auth.date()).append('/').append(auth.region()).append('/');
    stringToSign.append(auth.service()).append("/aws4_request\n");
    SigV4Crypto.appendHex(
        stringToSign,
        SigV4Crypto.sha256(
            canonicalRequest(request, auth.signedHeaders()).getBytes(StandardCharsets.UTF_8)));
    byte[] expected =
        SigV4Crypto.hmac(
            crypto.signingKey(
                principal.secretAccessKey(), auth.date(), auth.region(), auth.service()),
            stringToSign.toString());
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
    StringBuilder canonical = new StringBuilder(512);
    canonical.append(request.method()).append('\n');
    appendCanonicalUri(canonical, request.rawPath());
    canonical.append('\n');
    canonical.append(canonicalQuery(request.rawQuery())).append('\n');
    for (String name : signedHeaders) {
      canonical.append(name).append(':');
      List<String> values = request.headers().get(name);
      if (values != null) {
        for (int i = 0; i < values.size(); i++) {
          if (i > 0) {
            canonical.append(',');
          }
          appendTrimmedValue(canonical, values.get(i));
        }
      }
      canonical.append('\n');
    }
    canonical.append('\n');
    for (int i = 0; i < signedHeaders.size(); i++) {
      if (i > 0) {
        canonical.append(';');
      }
      canonical.append(signedHeaders.get(i));
    }
    canonical.append('\n');
    SigV4Crypto.appendHex(canonical, SigV4Crypto.sha256(request.body()));
    return canonical.toString();
  }

  /** A header value trimmed, each run of spaces inside it made one space (SigV4's rule). */
  private static void appendTrimmedValue(StringBuilder out, String value) {
    String trimmed = value.trim();
    boolean lastWasSpace = false;
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (c == ' ') {
        if (!lastWasSpace) {
          out.append(' ');
        }
        lastWasSpace = true;
      } else {
        out.append(c);
        lastWasSpace = false;
      }
    }
  }

  /** Non-S3 SigV4 encodes each path segment once more on top of what the client sent. */
  private static void appendCanonicalUri(StringBuilder out, String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      out.append('/');
      return;
    }
    if (rawPath.equals("/")) {
      out.append('/'); // the path every SDK sends: two empty segments
      return;
    }
    String[] segments = rawPath.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      if (i > 0) {
        out.append('/');
      }
      out.append(uriEncode(segments[i]));
    }
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
        SigV4Crypto.appendPercentEscape(out, b & 0xFF);
      }
    }
    return out.toString();
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
