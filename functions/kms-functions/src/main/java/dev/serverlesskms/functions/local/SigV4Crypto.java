package dev.serverlesskms.functions.local;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 and SHA-256 work of SigV4 without per-request set-up: one {@link Mac} and one
 * {@link MessageDigest} per thread (each {@code getInstance} is a JCA provider look-up), and the
 * derived signing key kept per secret, day, region and service, as the AWS SDKs keep it: four HMACs
 * saved on every request but the day's first.
 */
final class SigV4Crypto {
  /**
   * Bounded: the scope's region and date come from the caller. Cleared whole when full (a day's
   * keys are few: principals × regions in use), which needs no eviction order.
   */
  static final int MAX_SIGNING_KEYS = 256;

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final ThreadLocal<Mac> MAC =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Mac.getInstance("HmacSHA256");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
            }
          });
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
          });

  /** What a signing key is derived from. The secret is held as the principals already hold it. */
  private record Scope(String secret, String date, String region, String service) {}

  private final Map<Scope, byte[]> signingKeys = new ConcurrentHashMap<>();

  /** SigV4's signing key: HMAC chain over date, region, service and {@code aws4_request}. */
  byte[] signingKey(String secret, String date, String region, String service) {
    Scope scope = new Scope(secret, date, region, service);
    byte[] key = signingKeys.get(scope);
    if (key == null) {
      key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
      key = hmac(key, region);
      key = hmac(key, service);
      key = hmac(key, "aws4_request");
      if (signingKeys.size() >= MAX_SIGNING_KEYS) {
        signingKeys.clear();
      }
      signingKeys.put(scope, key);
    }
    return key;
  }

  static byte[] hmac(byte[] key, String data) {
    Mac mac = MAC.get();
    try {
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("an HMAC key of any length is valid", e);
    }
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] sha256(byte[] data) {
    return SHA256.get().digest(data); // digest() resets it for the next use
  }

  /** Lower-case hex, as SigV4 writes hashes. */
  static void appendHex(StringBuilder out, byte[] bytes) {
    for (byte b : bytes) {
      out.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
    }
  }

  /** Upper-case hex of one byte, as URI encoding writes it. */
  static void appendPercentEscape(StringBuilder out, int b) {
    out.append('%')
        .append(Character.toUpperCase(HEX[(b >> 4) & 0xF]))
        .append(Character.toUpperCase(HEX[b & 0xF]));
  }
}
