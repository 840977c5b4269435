package dev.serverlesskms.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.functions.config.KmsConfig.AuditKind;
import dev.serverlesskms.functions.config.KmsConfig.EnclaveKind;
import dev.serverlesskms.functions.config.KmsConfig.StoreKind;
import org.junit.jupiter.api.Test;

class InlineDispatchPolicyTest {
  private final InlineDispatchPolicy embedded =
      InlineDispatchPolicy.of(
          true, StoreKind.EMBEDDED, EnclaveKind.SOFTWARE, AuditKind.FILE, false, true);

  @Test
  void shortSymmetricOperations_areAnsweredOnTheEventLoop() {
    assertThat(embedded.inline("TrentService.Encrypt")).isTrue();
    assertThat(embedded.inline("TrentService.Decrypt")).isTrue();
    assertThat(embedded.inline("TrentService.GenerateDataKey")).isTrue();
    assertThat(embedded.inline("TrentService.GenerateMac")).isTrue();
  }

  @Test
  void everythingElse_goesToAWorker() {
    assertThat(embedded.inline("TrentService.CreateKey")).isFalse();
    assertThat(embedded.inline("TrentService.Sign")).isFalse();
    assertThat(embedded.inline("TrentService.GenerateDataKeyPair")).isFalse();
    assertThat(embedded.inline("TrentService.ListKeys")).isFalse();
    assertThat(embedded.inline("trentservice.encrypt")).isFalse();
    assertThat(embedded.inline(null)).isFalse();
  }

  @Test
  void anythingThatCanWait_sendsEveryRequestToAWorker() {
    assertThat(
            encryptInline(
                true, StoreKind.DYNAMODB, EnclaveKind.SOFTWARE, AuditKind.FILE, false, true))
        .isFalse();
    assertThat(
            encryptInline(
                true, StoreKind.EMBEDDED, EnclaveKind.PKCS11, AuditKind.FILE, false, true))
        .isFalse();
    assertThat(
            encryptInline(
                true, StoreKind.EMBEDDED, EnclaveKind.SOFTWARE, AuditKind.KINESIS, false, true))
        .isFalse();
    assertThat(
            encryptInline(
                true, StoreKind.EMBEDDED, EnclaveKind.SOFTWARE, AuditKind.FILE, true, true))
        .isFalse();
  }

  @Test
  void aDeclaredCustomKeyStoreCluster_sendsEveryRequestToAWorker() {
    assertThat(
            encryptInline(
                true, StoreKind.EMBEDDED, EnclaveKind.SOFTWARE, AuditKind.FILE, false, false))
        .isFalse();
  }

  @Test
  void switchedOff_sendsEveryRequestToAWorker() {
    assertThat(
            encryptInline(
                false, StoreKind.EMBEDDED, EnclaveKind.SOFTWARE, AuditKind.FILE, false, true))
        .isFalse();
    assertThat(InlineDispatchPolicy.never().inline("TrentService.Encrypt")).isFalse();
  }

  private static boolean encryptInline(
      boolean wanted,
      StoreKind store,
      EnclaveKind enclave,
      AuditKind audit,
      boolean auditFsync,
      boolean noCustomKeyStoreClusters) {
    return InlineDispatchPolicy.of(
            wanted, store, enclave, audit, auditFsync, noCustomKeyStoreClusters)
        .inline("TrentService.Encrypt");
  }
}
