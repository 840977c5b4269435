package dev.serverlesskms.core.model;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

/**
 * A grant token: what CreateGrant returns besides the grant id, and what a caller passes in {@code
 * GrantTokens} (or to RetireGrant) to name a grant.
 *
 * <p>Format 1, standard base64 (with padding) of these bytes, laid out as protobuf fields so the
 * token starts as AWS's do ({@code AQpA...}):
 *
 * <pre>
 *   0x01                      format version
 *   0x0a 0x40 grantId         field 1: the grant id, 64 ASCII hex digits
 *   0x12 0x10 keyId           field 2: the key id, its 16 UUID bytes; or
 *   0x22 0x10 keyId           field 4 in its place: a multi-Region key's id, the 16 bytes after mrk-
 *   0x1a 0x10 nonce           field 3: 16 random bytes, so every CreateGrant answers a new token
 * </pre>
 *
 * 103 bytes, 140 characters. A token only names a grant: it grants nothing by itself. A request
 * that presents one is allowed only by a grant that exists in the store, is on the key the request
 * uses, and names the caller as grantee; the store is strongly consistent, so a token is never
 * needed to see a new grant, but it is still read and checked. Nothing in it is secret, so it is
 * not signed.
 *
 * @param grantId the grant it names
 * @param keyId the key of that grant
 */
public record GrantToken(String grantId, KeyId keyId) {
  static final byte FORMAT = 1;
  private static final int GRANT_ID_BYTES = 64;
  private static final int KEY_ID_BYTES = 16;
  private static final int NONCE_BYTES = 16;
  private static final int KEY_ID_TAG = 0x12;
  private static final int MULTI_REGION_KEY_ID_TAG = 0x22;
  private static final int LENGTH = 1 + 2 + GRANT_ID_BYTES + 2 + KEY_ID_BYTES + 2 + NONCE_BYTES;

  /** A new token for {@code grant}, different from every other token issued. */
  public static String issue(Grant grant) {
    UUID nonce = UUID.randomUUID();
    return encode(
        grant.grantId(),
        grant.keyId(),
        ByteBuffer.allocate(NONCE_BYTES)
            .putLong(nonce.getMostSignificantBits())
            .putLong(nonce.getLeastSignificantBits())
            .array());
  }

  /** The token of these parts (for {@link #issue} and for golden vectors). */
  static String encode(String grantId, KeyId keyId, byte[] nonce) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(LENGTH);
    out.write(FORMAT);
    field(out, 0x0a, grantId.getBytes(StandardCharsets.US_ASCII));
    field(out, keyId.multiRegion() ? MULTI_REGION_KEY_ID_TAG : KEY_ID_TAG, keyId.toBytes());
    field(out, 0x1a, nonce);
    return Base64.getEncoder().encodeToString(out.toByteArray());
  }

  /**
   * Reads a token.
   *
   * @throws KmsException InvalidGrantTokenException for anything this KMS did not issue (not
   *     base64, another format, wrong lengths, a grant id or key id that is not one)
   */
  public static GrantToken parse(String token) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(token == null ? "" : token);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (bytes.length != LENGTH
        || bytes[0] != FORMAT
        || bytes[1] != 0x0a
        || bytes[2] != GRANT_ID_BYTES
        || (bytes[3 + GRANT_ID_BYTES] != KEY_ID_TAG
            && bytes[3 + GRANT_ID_BYTES] != MULTI_REGION_KEY_ID_TAG)
        || bytes[4 + GRANT_ID_BYTES] != KEY_ID_BYTES
        || bytes[5 + GRANT_ID_BYTES + KEY_ID_BYTES] != 0x1a
        || bytes[6 + GRANT_ID_BYTES + KEY_ID_BYTES] != NONCE_BYTES) {
      throw invalid();
    }
    String grantId =
        new String(Arrays.copyOfRange(bytes, 3, 3 + GRANT_ID_BYTES), StandardCharsets.US_ASCII);
    if (!Grant.isWellFormedId(grantId)) {
      throw invalid();
    }
    return new GrantToken(
        grantId,
        KeyId.fromBytes(
            bytes, 5 + GRANT_ID_BYTES, bytes[3 + GRANT_ID_BYTES] == MULTI_REGION_KEY_ID_TAG));
  }

  private static void field(ByteArrayOutputStream out, int tag, byte[] value) {
    out.write(tag);
    out.write(value.length);
    out.writeBytes(value);
  }

  private static KmsException invalid() {
    return KmsException.of(KmsErrorType.INVALID_GRANT_TOKEN, "Invalid grant token.");
  }
}
