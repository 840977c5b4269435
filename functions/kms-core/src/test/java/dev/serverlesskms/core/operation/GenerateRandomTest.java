package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.Requests.generateRandom;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.GenerateRandomRequest;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.error.KmsErrorType;
import org.junit.jupiter.api.Test;

/** GenerateRandom: NumberOfBytes required, 1..1024; no custom key stores; no bytes in the audit. */
class GenerateRandomTest {
  private final KmsFixture f = new KmsFixture();
  private final Kms kms = f.kms;

  @Test
  void generateRandom_returns1To1024RandomBytes() {
    assertThat(f.call(kms.generateRandom, generateRandom(1)).plaintext()).hasSize(1);
    byte[] a = f.call(kms.generateRandom, generateRandom(1024)).plaintext();
    byte[] b = f.call(kms.generateRandom, generateRandom(1024)).plaintext();

    assertThat(a).hasSize(1024).isNotEqualTo(b);
  }

  @Test
  void generateRandom_numberOfBytes_isRequired_1To1024_withAwsMessages() {
    assertThat(f.error(KmsErrorType.VALIDATION, kms.generateRandom, generateRandom(null)))
        .hasMessage("NumberOfBytes is required.");
    assertThat(f.error(KmsErrorType.VALIDATION, kms.generateRandom, generateRandom(0)))
        .hasMessage(
            "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy"
                + " constraint: Member must have value greater than or equal to 1");
    assertThat(f.error(KmsErrorType.VALIDATION, kms.generateRandom, generateRandom(1025)))
        .hasMessage(
            "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy"
                + " constraint: Member must have value less than or equal to 1024");
  }

  @Test
  void generateRandom_fromACustomKeyStore_isCustomKeyStoreNotFound() {
    assertThat(
            f.error(
                KmsErrorType.CUSTOM_KEY_STORE_NOT_FOUND,
                kms.generateRandom,
                new GenerateRandomRequest(32, "cks-1234567890abcdef0")))
        .hasMessage("Custom key store cks-1234567890abcdef0 does not exist.");
  }

  @Test
  void generateRandom_isAuditedAsReadOnly_withoutTheBytes() {
    byte[] random = f.call(kms.generateRandom, generateRandom(32)).plaintext();

    AuditEvent event = f.lastAudit();
    assertThat(event.eventName()).isEqualTo("GenerateRandom");
    assertThat(event.readOnly()).isTrue();
    assertThat(event.requestParameters()).containsEntry("numberOfBytes", 32);
    assertThat(event.responseElements()).isNull();
    assertThat(event.resources()).isEmpty();
    f.assertNoAuditRecordHolds(random);

    f.error(KmsErrorType.VALIDATION, kms.generateRandom, generateRandom(0));
    assertThat(f.lastAudit().errorCode()).isEqualTo("ValidationException");
  }
}
