package dev.serverlesskms.functions.events;

import dev.serverlesskms.core.api.EncryptRequest;
import dev.serverlesskms.core.api.EncryptResponse;
import dev.serverlesskms.core.api.GenerateDataKeyWithoutPlaintextRequest;
import dev.serverlesskms.core.api.GenerateDataKeyWithoutPlaintextResponse;
import dev.serverlesskms.core.api.ReEncryptRequest;
import dev.serverlesskms.core.api.ReEncryptResponse;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.DataKeySpec;
import dev.serverlesskms.core.operation.Kms;
import dev.serverlesskms.core.request.RequestContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Runs the KMS operation an {@link EncryptionEvent} asks for, through the audited {@link Kms}
 * facade, exactly as a direct call would.
 */
@ApplicationScoped
public class EventEncryptor {
  @Inject Kms kms;

  /**
   * @throws KmsException the operation's AWS error
   */
  public EncryptionResult encrypt(EncryptionEvent event, RequestContext context) {
    String operation = Validation.required(event.operation(), "operation");
    return switch (operation) {
      case "Encrypt" -> {
        EncryptResponse r =
            kms.invoke(
                kms.encrypt,
                new EncryptRequest(
                    event.keyId(), event.plaintext(), event.encryptionContext(), null, null, null),
                context);
        yield EncryptionResult.success(event, r.keyId(), r.ciphertextBlob());
      }
      case "GenerateDataKey", "GenerateDataKeyWithoutPlaintext" -> {
        GenerateDataKeyWithoutPlaintextResponse r =
            kms.invoke(
                kms.generateDataKeyWithoutPlaintext,
                new GenerateDataKeyWithoutPlaintextRequest(
                    event.keyId(),
                    event.encryptionContext(),
                    event.numberOfBytes(),
                    dataKeySpec(event.keySpec()),
                    null,
                    null),
                context);
        yield EncryptionResult.success(event, r.keyId(), r.ciphertextBlob());
      }
      case "ReEncrypt" -> {
        ReEncryptResponse r =
            kms.invoke(
                kms.reEncrypt,
                new ReEncryptRequest(
                    event.ciphertextBlob(),
                    event.sourceEncryptionContext(),
                    null,
                    event.keyId(),
                    event.encryptionContext(),
                    null,
                    null,
                    null,
                    null),
                context);
        yield EncryptionResult.success(event, r.keyId(), r.ciphertextBlob());
      }
      default ->
          throw KmsException.of(
              KmsErrorType.VALIDATION,
              "Operation "
                  + Validation.echo(operation)
                  + " cannot be requested by an event: use Encrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext or ReEncrypt.");
    };
  }

  private static DataKeySpec dataKeySpec(String keySpec) {
    if (keySpec == null) {
      return null;
    }
    try {
      return DataKeySpec.valueOf(keySpec);
    } catch (IllegalArgumentException e) {
      throw Validation.notInEnum(keySpec, "keySpec", "[AES_256, AES_128]");
    }
  }
}
