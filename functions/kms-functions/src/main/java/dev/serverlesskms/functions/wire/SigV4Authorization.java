package dev.serverlesskms.functions.wire;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of an {@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=...,
 * Signature=...} header, and the rule on which headers its signature must cover. Read by the local
 * server, which verifies the signature, and by the API Gateway transport, whose signature API
 * Gateway verified without asking what it covers.
 *
 * @param signedHeaders the lower-case names of the signed headers, as listed
 */
public record SigV4Authorization(
    String accessKeyId,
    String date,
    String region,
    String service,
    List<String> signedHeaders,
    String signature) {
  public static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final int MAX_SHOWN_NAME = 64;

  public SigV4Authorization {
    signedHeaders = List.copyOf(signedHeaders);
  }

  /** The access key id, if the header gets that far; for audit records of rejected requests. */
  public static String accessKeyIdOf(String header) {
    try {
      return parse(header).accessKeyId();
    } catch (KmsException e) {
      return null;
    }
  }

  /**
   * @throws KmsException IncompleteSignatureException for a header that is not a SigV4 one
   */
  public static SigV4Authorization parse(String header) {
    String value = header.trim();
    if (!value.startsWith(ALGORITHM + " ")) {
      throw KmsException.of(
          KmsErrorType.INCOMPLETE_SIGNATURE,
          "Unsupported AWS 'algorithm': only " + ALGORITHM + " is accepted.");
    }
    String credential = null;
    String signedHeaders = null;
    String signature = null;
    for (String part : value.substring(ALGORITHM.length()).split(",")) {
      String item = part.trim();
      if (item.startsWith("Credential=")) {
        credential = item.substring("Credential=".length());
      } else if (item.startsWith("SignedHeaders=")) {
        signedHeaders = item.substring("SignedHeaders=".length());
      } else if (item.startsWith("Signature=")) {
        signature = item.substring("Signature=".length());
      }
    }
    if (credential == null || signedHeaders == null || signature == null) {
      throw KmsException.of(
          KmsErrorType.INCOMPLETE_SIGNATURE,
          "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");
    }
    String[] scope = credential.split("/");
    if (scope.length != 5 || !scope[4].equals("aws4_request")) {
      throw KmsException.of(
          KmsErrorType.INCOMPLETE_SIGNATURE,
          "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term.");
    }
    return new SigV4Authorization(
        scope[0],
        scope[1],
        scope[2],
        scope[3],
        List.of(signedHeaders.toLowerCase(Locale.ROOT).split(";")),
        signature);
  }

  /**
   * Refuses a signature that leaves the operation, the time or the destination open to change: it
   * must cover {@code host}, {@code x-amz-date} and every {@code x-amz-*} header the request has,
   * among them {@code X-Amz-Target} (the operation), {@code X-Amz-Security-Token} and {@code
   * X-Amz-Content-Sha256}. Otherwise a captured request could be replayed as another operation:
   * DescribeKey signed over {@code host;x-amz-date} re-sent as DisableKey.
   *
   * <p>The AWS CLI, boto3 and the JavaScript and Java SDKs all sign these (see the captures in
   * src/test/resources/wire-captures); headers outside {@code x-amz-*} that only some of them sign
   * ({@code content-type}, {@code content-length}, {@code amz-sdk-*}) and those none sign ({@code
   * user-agent}, {@code x-amzn-trace-id}) are left free, as AWS leaves them.
   *
   * @param headers the request's headers by lower-case name
   * @throws KmsException IncompleteSignatureException, naming the first header left unsigned
   */
  public void requireCoverage(Map<String, List<String>> headers) {
    requireSigned("host", "'Host' or ':authority'");
    requireSigned("x-amz-date", "'X-Amz-Date'");
    // Sorted only to name the first unsigned one the same way each time: the common case finds
    // none and builds no message.
    headers.keySet().stream()
        .filter(name -> name.startsWith("x-amz-") && !signedHeaders.contains(name))
        .sorted()
        .findFirst()
        .ifPresent(name -> requireSigned(name, "'" + displayName(name) + "'"));
  }

  /**
   * Only what API Gateway leaves open: it verified the signature, whatever it covers, so the
   * operation must be among what it covers. Not every {@code x-amz-*} header, as locally: a
   * CloudFront distribution in front of the API adds its own {@code X-Amz-Cf-Id}, unsigned.
   */
  public void requireTargetCoverage(Map<String, List<String>> headers) {
    if (headers.containsKey("x-amz-target")) {
      requireSigned("x-amz-target", "'X-Amz-Target'");
    }
  }

  private void requireSigned(String name, String shown) {
    if (!signedHeaders.contains(name)) {
      throw KmsException.of(
          KmsErrorType.INCOMPLETE_SIGNATURE,
          shown + " must be a 'SignedHeader' in the AWS Authorization.");
    }
  }

  /**
   * {@code x-amz-target} as {@code X-Amz-Target}: how AWS names headers in its messages. A name is
   * the client's, so a long one is cut short rather than echoed whole.
   */
  private static String displayName(String lowerCaseName) {
    String name =
        lowerCaseName.length() > MAX_SHOWN_NAME
            ? lowerCaseName.substring(0, MAX_SHOWN_NAME) + "..."
            : lowerCaseName;
    StringBuilder out = new StringBuilder(name.length());
    boolean upper = true;
    for (char c : name.toCharArray()) {
      out.append(upper ? Character.toUpperCase(c) : c);
      upper = c == '-';
    }
    return out.toString();
  }
}
