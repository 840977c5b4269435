package dev.serverlesskms.functions.events;

/**
 * The outcome of one {@link EncryptionEvent}: a ciphertext, never a plaintext. A data key generated
 * for an event leaves only encrypted (as GenerateDataKeyWithoutPlaintext does): the plaintext data
 * key of an asynchronous request would otherwise travel through queues and streams.
 *
 * @param correlationId copied from the request
 * @param operation the operation performed
 * @param keyId the ARN of the key that encrypted
 * @param ciphertextBlob the result
 * @param errorCode the AWS error type, when the request failed
 * @param errorMessage the error message, when the request failed
 */
public record EncryptionResult(
    String correlationId,
    String operation,
    String keyId,
    byte[] ciphertextBlob,
    String errorCode,
    String errorMessage) {

  static EncryptionResult success(EncryptionEvent event, String keyArn, byte[] ciphertextBlob) {
    return new EncryptionResult(
        event.correlationId(), event.operation(), keyArn, ciphertextBlob, null, null);
  }
}
