package dev.serverlesskms.functions.events;

import java.util.Map;

/**
 * An encryption request carried by an event (an SQS message body, an EventBridge event's detail),
 * in the KMS JSON style (PascalCase, base64 blobs).
 *
 * @param operation Encrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext or ReEncrypt
 * @param correlationId the sender's id for this request, copied to the result
 * @param keyId the key (or alias) to encrypt under; for ReEncrypt the destination key
 * @param plaintext the data to encrypt (Encrypt)
 * @param ciphertextBlob the ciphertext to re-encrypt (ReEncrypt)
 * @param encryptionContext the encryption context to bind (for ReEncrypt: the destination's)
 * @param sourceEncryptionContext ReEncrypt: the context the ciphertext was made with
 * @param numberOfBytes GenerateDataKey*: the data key length
 * @param keySpec GenerateDataKey*: AES_128 or AES_256
 */
public record EncryptionEvent(
    String operation,
    String correlationId,
    String keyId,
    byte[] plaintext,
    byte[] ciphertextBlob,
    Map<String, String> encryptionContext,
    Map<String, String> sourceEncryptionContext,
    Integer numberOfBytes,
    String keySpec) {

  @Override
  public String toString() {
    return "EncryptionEvent[" + operation + " " + correlationId + " under " + keyId + "]";
  }
}
