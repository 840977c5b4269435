package dev.serverlesskms.core.ciphertext;

import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.EncryptionContext;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyVersionRef;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The one owner of the symmetric ciphertext blob format. Version 1, byte by byte:
 *
 * <pre>
 * offset  length  field
 * 0       1       format version: 0x01, or 0x02 for a multi-Region key (same layout)
 * 1       16      key id: the key's UUID, or the 16 bytes of a multi-Region key's mrk- id,
 *                 most significant byte first
 * 17      4       key version, unsigned 32-bit big-endian, at least 1
 * 21      4       header check: CRC-32C of bytes [0, 21), big-endian
 * 25      16      nonce: random, chosen by the enclave for this message
 * 41      n       AES-256-GCM ciphertext (n = plaintext length)
 * 41+n    16      GCM tag
 *
 * additional authenticated data = bytes [0, 25) || canonical encryption context
 * per-message key (32) || IV (12) = HKDF-SHA256(ikm = key version material, salt = nonce,
 *                                              info = "serverless-kms/v1/message-key")
 * </pre>
 *
 * The key id makes Decrypt work without a KeyId, as in AWS KMS. The header check is not a security
 * mechanism (GCM is): it lets Decrypt tell a damaged header ({@code InvalidCiphertextException})
 * from a well-formed ciphertext of a key that does not exist here ({@code AccessDeniedException}),
 * because a CRC detects every single-byte change.
 *
 * <p>Nothing in the blob names a region: a multi-Region key's copies share its id and versions, so
 * a ciphertext made in one region decrypts under the copy in any other. Format 0x02 exists only
 * because the 16 key-id bytes cannot say by themselves which form of key id they are; it is bound
 * by the additional authenticated data like the rest of the header. The format is frozen by golden
 * vectors in the tests: any change means a new format version.
 */
public final class CiphertextBlobCodec {
  public static final byte FORMAT_V1 = 0x01;

  /** Format 1's layout for a multi-Region key: the key id field holds an {@code mrk-} id. */
  public static final byte FORMAT_V1_MULTI_REGION = 0x02;

  public static final int HEADER_LENGTH = 25;

  /** nonce (16) + tag (16): what the enclave adds to the plaintext. */
  public static final int SEALED_OVERHEAD = 32;

  /** A blob is never longer than AWS's CiphertextBlob limit. */
  public static final int MAX_BLOB_LENGTH = 6144;

  private static final int CHECKED_LENGTH = 21;

  private CiphertextBlobCodec() {}

  /** The header for a new ciphertext under {@code ref}. */
  public static byte[] header(KeyVersionRef ref) {
    ByteBuffer buffer = ByteBuffer.allocate(HEADER_LENGTH);
    buffer
        .put(ref.keyId().multiRegion() ? FORMAT_V1_MULTI_REGION : FORMAT_V1)
        .put(ref.keyId().toBytes())
        .putInt(ref.version());
    buffer.putInt((int) crc(buffer.array()));
    return buffer.array();
  }

  /** The additional authenticated data: header || canonical encryption context. */
  public static byte[] aad(byte[] header, EncryptionContext context) {
    byte[] canonical = context.canonicalBytes();
    byte[] aad = new byte[header.length + canonical.length];
    System.arraycopy(header, 0, aad, 0, header.length);
    System.arraycopy(canonical, 0, aad, header.length, canonical.length);
    return aad;
  }

  public static byte[] encode(byte[] header, byte[] sealed) {
    byte[] blob = new byte[header.length + sealed.length];
    System.arraycopy(header, 0, blob, 0, header.length);
    System.arraycopy(sealed, 0, blob, header.length, sealed.length);
    return blob;
  }

  /**
   * Parses a blob defensively.
   *
   * @throws KmsException InvalidCiphertextException (empty message) for anything that is not a
   *     well-formed v1 blob: too short or long, unknown version, failed header check, version 0
   */
  public static CiphertextBlob parse(byte[] blob) {
    if (blob == null
        || blob.length < HEADER_LENGTH + SEALED_OVERHEAD
        || blob.length > MAX_BLOB_LENGTH
        || (blob[0] != FORMAT_V1 && blob[0] != FORMAT_V1_MULTI_REGION)) {
      throw KmsException.invalidCiphertext();
    }
    ByteBuffer buffer = ByteBuffer.wrap(blob);
    int storedCheck = buffer.getInt(CHECKED_LENGTH);
    if (storedCheck != (int) crc(blob)) {
      throw KmsException.invalidCiphertext();
    }
    int version = buffer.getInt(17);
    if (version < 1) {
      throw KmsException.invalidCiphertext();
    }
    KeyId keyId = KeyId.fromBytes(blob, 1, blob[0] == FORMAT_V1_MULTI_REGION);
    byte[] header = new byte[HEADER_LENGTH];
    System.arraycopy(blob, 0, header, 0, HEADER_LENGTH);
    byte[] sealed = new byte[blob.length - HEADER_LENGTH];
    System.arraycopy(blob, HEADER_LENGTH, sealed, 0, sealed.length);
    return new CiphertextBlob(keyId, version, header, sealed);
  }

  private static long crc(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, CHECKED_LENGTH);
    return crc.getValue();
  }
}
