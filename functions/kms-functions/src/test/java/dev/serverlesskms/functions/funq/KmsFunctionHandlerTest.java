package dev.serverlesskms.functions.funq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import io.quarkus.funqy.runtime.ApplicationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the JVM deployment's handler throws, which Lambda's Java runtime reports as {@code
 * errorType} (the class name) and {@code errorMessage}.
 */
class KmsFunctionHandlerTest {

  @ParameterizedTest
  @EnumSource(KmsErrorType.class)
  void aFunctionsKmsError_leavesAsAnExceptionNamedByItsAwsType(KmsErrorType type) {
    KmsException error =
        type == KmsErrorType.INTERNAL
            ? KmsException.internal("the message", new IllegalStateException("cause"))
            : KmsException.of(type, "the message");
    ApplicationException funqyFailure = new ApplicationException(error);

    RuntimeException reported = KmsFunctionHandler.asReported(funqyFailure);

    assertThat(reported.getClass().getName()).isEqualTo(type.wireName());
    assertThat(reported.getMessage()).isEqualTo("the message");
    assertThat(reported.getStackTrace()).isEmpty();
  }

  @Test
  void theSameAwsType_isTheSameClass() {
    RuntimeException first =
        KmsFunctionHandler.asReported(
            new ApplicationException(KmsException.of(KmsErrorType.NOT_FOUND, "a")));
    RuntimeException second =
        KmsFunctionHandler.asReported(
            new ApplicationException(KmsException.of(KmsErrorType.NOT_FOUND, "b")));

    assertThat(second.getClass()).isSameAs(first.getClass());
  }

  @Test
  void aFailureWithoutAnAwsType_passesUnchanged() {
    IllegalStateException surprise = new IllegalStateException("boom");

    assertThat(KmsFunctionHandler.asReported(surprise)).isSameAs(surprise);
  }

  @Test
  void aTypeNameThatIsNotAClassName_isRefused() {
    assertThatThrownBy(() -> AwsErrorClasses.exception("java.lang.Evil", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
