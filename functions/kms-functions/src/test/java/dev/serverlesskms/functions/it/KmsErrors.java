package dev.serverlesskms.functions.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.services.kms.model.KmsException;

/** Asserts on the AWS error a call gets, as the SDK parsed it from the wire. */
final class KmsErrors {
  private KmsErrors() {}

  /**
   * The call fails with HTTP 400 and this {@code __type}; returns the exception for more checks.
   */
  static KmsException expectError(String errorCode, ThrowingCallable call) {
    return expectError(errorCode, "", call);
  }

  /**
   * As {@link #expectError(String, ThrowingCallable)}, with a description for the failure message.
   */
  static KmsException expectError(String errorCode, String description, ThrowingCallable call) {
    KmsException error = catchThrowableOfType(KmsException.class, call);
    assertThat(error).as("expected %s %s", errorCode, description).isNotNull();
    assertThat(error.awsErrorDetails().errorCode()).as(description).isEqualTo(errorCode);
    assertThat(error.statusCode()).as(description).isEqualTo(400);
    return error;
  }

  /** The AWS error a call fails with, whatever its status. */
  static KmsException catchKmsError(ThrowingCallable call) {
    KmsException error = catchThrowableOfType(KmsException.class, call);
    assertThat(error).as("expected the call to fail").isNotNull();
    return error;
  }
}
