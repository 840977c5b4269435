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
            InlineDispatchPolicy.of(
                    true, StoreKind.DYNAMODB, EnclaveKind.SOFTWARE, AuditKind.FILE, false, true)
                .inline("TrentService.Encrypt"))
        .isFalse();
    assertThat(
            InlineDispatchPolicy.of(
                    true, StoreKind.EMBEDDED, EnclaveKind.PKCS11, AuditKind.FILE, false, true)
                .inline("TrentService.Encrypt"))
        .isFalse();
    assertThat(
            InlineDispatchPolicy.of(
                    true, StoreKind.EMBEDDED, EnclaveKind.SOFTWARE, AuditKind.KINESIS, false, true)
                .inline("TrentService.Encrypt"))
        .isFalse();
    assertThat(
            InlineDispatchPolicy.of(
                    true, StoreKind.EMBEDDED, EnclaveKind.SOFTWARE, AuditKind.FILE, true, true)
                .inline("TrentService.Encrypt"))
        .isFalse();
  }

  @Test
  void aDeclaredCustomKeyStoreCluster_sendsEveryRequestToAWorker() {
    assertThat(
            InlineDispatchPolicy.of(
                    true, StoreKind.EMBEDDED, EnclaveKind.SOFTWARE, AuditKind.FILE, false, false)
                .inline("TrentService.Encrypt"))
        .isFalse();
  }

  @Test
  void switchedOff_sendsEveryRequestToAWorker() {
    assertThat(
            InlineDispatchPolicy.of(
                    false, StoreKind.EMBEDDED, EnclaveKind.SOFTWARE, AuditKind.FILE, false, true)
                .inline("TrentService.Encrypt"))
        .isFalse();
    assertThat(InlineDispatchPolicy.never().inline("TrentService.Encrypt")).isFalse();
  }
}
