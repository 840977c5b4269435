package dev.serverlesskms.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KmsErrorTypeTest {

  @Test
  void wireNames_areAwsExact_andUnique() {
    assertThat(KmsErrorType.INVALID_STATE.wireName()).isEqualTo("KMSInvalidStateException");
    assertThat(KmsErrorType.INTERNAL.wireName()).isEqualTo("KMSInternalException");
    assertThat(KmsErrorType.NOT_FOUND.wireName()).isEqualTo("NotFoundException");
    assertThat(KmsErrorType.INVALID_CIPHERTEXT.wireName()).isEqualTo("InvalidCiphertextException");
    assertThat(Arrays.stream(KmsErrorType.values()).map(KmsErrorType::wireName).toList())
        .doesNotHaveDuplicates()
        .allMatch(name -> name.endsWith("Exception"));
  }

  @Test
  void clientErrorsAre400_andRetryableServerErrorsAre5xx() {
    for (KmsErrorType type : KmsErrorType.values()) {
      boolean serverSide =
          type == KmsErrorType.INTERNAL
              || type == KmsErrorType.KEY_UNAVAILABLE
              || type == KmsErrorType.DEPENDENCY_TIMEOUT;
      assertThat(type.httpStatus())
          .as(type.name())
          .isEqualTo(serverSide ? (type == KmsErrorType.DEPENDENCY_TIMEOUT ? 503 : 500) : 400);
    }
  }

  @Test
  void onlyInternalErrorsCarryACause() {
    assertThat(KmsException.of(KmsErrorType.NOT_FOUND, "x").getCause()).isNull();
    assertThat(KmsException.internal("x", new IllegalStateException()).getCause()).isNotNull();
  }
}
