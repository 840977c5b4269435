package dev.serverlesskms.enclave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RootKeySecretTest {

  @Test
  void decode_the32ByteSecret_givesTheSameKeyEveryTime() {
    String secret = Base64.getEncoder().encodeToString(TestRootKeys.bytes(7));

    try (RootKey first = RootKeySecret.decode(secret);
        RootKey second = RootKeySecret.decode(" " + secret + "\n")) {
      assertThat(first.id()).isEqualTo(second.id());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 16, 31, 33, 64})
  void decode_secretOfWrongLength_refusesToStart(int length) {
    String secret = Base64.getEncoder().encodeToString(new byte[length]);

    assertThatThrownBy(() -> RootKeySecret.decode(secret))
        .isInstanceOf(EnclaveStartupException.class)
        .hasMessageNotContaining(secret);
  }

  @Test
  void decode_secretOfWrongLength_saysWhatIsExpected() {
    assertThatThrownBy(() -> RootKeySecret.decode(Base64.getEncoder().encodeToString(new byte[31])))
        .hasMessage("the root key secret must decode to 32 bytes, got 31");
  }

  @Test
  void decode_notBase64_refusesWithoutEchoingTheValue() {
    String notBase64 = "this-is-not*base64-but-a-secret!";

    assertThatThrownBy(() -> RootKeySecret.decode(notBase64))
        .isInstanceOf(EnclaveStartupException.class)
        .hasMessage("the root key secret is not valid base64");
  }

  @Test
  void decode_missing_refusesToStart() {
    assertThatThrownBy(() -> RootKeySecret.decode(null))
        .isInstanceOf(EnclaveStartupException.class);
    assertThatThrownBy(() -> RootKeySecret.decode("  "))
        .isInstanceOf(EnclaveStartupException.class);
  }
}
