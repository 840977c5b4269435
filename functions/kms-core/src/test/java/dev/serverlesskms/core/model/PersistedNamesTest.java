package dev.serverlesskms.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * These names are on the wire and in every key store: renaming a constant would break stored keys
 * and clients. Add constants at will; never rename or remove one.
 */
class PersistedNamesTest {

  @Test
  void keyStateWireNames_neverChange() {
    assertThat(Arrays.stream(KeyState.values()).map(KeyState::wireName))
        .containsExactly(
            "Enabled",
            "Disabled",
            "PendingDeletion",
            "PendingImport",
            "Unavailable",
            "PendingReplicaDeletion");
    assertThat(KeyState.fromWireName("PendingDeletion")).isEqualTo(KeyState.PENDING_DELETION);
  }

  @Test
  void enumNames_neverChange() {
    assertThat(Arrays.stream(KeyUsage.values()).map(Enum::name))
        .containsExactly("ENCRYPT_DECRYPT", "SIGN_VERIFY", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT");
    assertThat(Arrays.stream(Origin.values()).map(Enum::name))
        .containsExactly("AWS_KMS", "EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE");
    assertThat(Arrays.stream(RotationType.values()).map(Enum::name))
        .containsExactly("AUTOMATIC", "ON_DEMAND");
    assertThat(Arrays.stream(ExpirationModel.values()).map(Enum::name))
        .containsExactly("KEY_MATERIAL_EXPIRES", "KEY_MATERIAL_DOES_NOT_EXPIRE");
    assertThat(Arrays.stream(KeyManager.values()).map(Enum::name))
        .containsExactly("AWS", "CUSTOMER");
    assertThat(KeySpec.valueOf("SYMMETRIC_DEFAULT").toString()).isEqualTo("SYMMETRIC_DEFAULT");
  }

  @Test
  void grantOperationNames_neverChange() {
    assertThat(Arrays.stream(GrantOperation.values()).map(Enum::name))
        .containsExactly(
            "Decrypt",
            "Encrypt",
            "GenerateDataKey",
            "GenerateDataKeyWithoutPlaintext",
            "ReEncryptFrom",
            "ReEncryptTo",
            "Sign",
            "Verify",
            "GetPublicKey",
            "CreateGrant",
            "RetireGrant",
            "DescribeKey",
            "GenerateDataKeyPair",
            "GenerateDataKeyPairWithoutPlaintext",
            "GenerateMac",
            "VerifyMac",
            "DeriveSharedSecret");
  }
}
