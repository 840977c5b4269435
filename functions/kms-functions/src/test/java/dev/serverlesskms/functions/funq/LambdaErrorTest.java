package dev.serverlesskms.functions.funq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.serverlesskms.core.api.EncryptRequest;
import dev.serverlesskms.core.api.GenerateDataKeyRequest;
import dev.serverlesskms.core.api.GenerateRandomRequest;
import dev.serverlesskms.core.api.TagResourceRequest;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.functions.json.KmsObjectMapperCustomizer;
import io.quarkus.amazon.lambda.runtime.FunctionError;
import io.quarkus.funqy.runtime.ApplicationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How a failed direct invocation is reported: the AWS error type, whatever Funqy or Jackson made of
 * it. The inputs are what Quarkus would report: the class name and message of a real Funqy
 * ApplicationException around a KmsException, or of the real Jackson exception for a bad input.
 */
class LambdaErrorTest {
  /** Quarkus' mapper as the application customizes it; Quarkus serializes its reports with it. */
  private static final ObjectMapper QUARKUS_MAPPER = customized();

  @ParameterizedTest
  @EnumSource(
      value = KmsErrorType.class,
      names = {"NOT_FOUND", "DISABLED", "INVALID_STATE", "VALIDATION", "INVALID_CIPHERTEXT"})
  void funqyApplicationException_aroundAKmsError_isReportedAsTheAwsType(KmsErrorType type) {
    KmsException thrown =
        type == KmsErrorType.INVALID_CIPHERTEXT
            ? KmsException.invalidCiphertext()
            : KmsException.of(type, "Key 'arn:aws:kms:us-east-1:1:key/k' is the problem.\nLine 2");

    LambdaError reported = reportOf(new ApplicationException(thrown));

    assertThat(reported.errorType()).isEqualTo(type.wireName());
    assertThat(reported.errorMessage()).isEqualTo(thrown.getMessage());
  }

  @Test
  void internalError_isReportedAsKmsInternalException_withItsGenericMessage() {
    KmsException thrown =
        KmsException.internal(
            "An internal error occurred. Retry the request.", new IllegalStateException("detail"));

    LambdaError reported = reportOf(new ApplicationException(thrown));

    assertThat(reported)
        .isEqualTo(
            new LambdaError(
                "KMSInternalException", "An internal error occurred. Retry the request."));
  }

  @Test
  void otherFailures_passUnchanged() {
    assertThat(reportOf(new ApplicationException(new IllegalStateException("Exception: x"))))
        .isEqualTo(
            new LambdaError(
                ApplicationException.class.getName(),
                "java.lang.IllegalStateException: Exception: x"));
    assertThat(LambdaError.of("java.lang.OutOfMemoryError", "Java heap space"))
        .isEqualTo(new LambdaError("java.lang.OutOfMemoryError", "Java heap space"));
    // An application exception whose text merely looks typed, with a type AWS does not have
    assertThat(LambdaError.of(LambdaError.FUNQY_APPLICATION_EXCEPTION, "FooException: bar"))
        .isEqualTo(new LambdaError(LambdaError.FUNQY_APPLICATION_EXCEPTION, "FooException: bar"));
    assertThat(LambdaError.of(null, null)).isEqualTo(new LambdaError(null, null));
  }

  @Test
  void blobThatIsNotBase64_isSerializationException_namingTheMemberNotTheValue() {
    LambdaError reported =
        reportOfReading(
            "{\"KeyId\":\"k\",\"Plaintext\":\"s3cr3t-n0t-base64!\"}", EncryptRequest.class);

    assertThat(reported)
        .isEqualTo(
            new LambdaError(
                "SerializationException", "The value of 'Plaintext' is not valid for its type."));
  }

  @Test
  void malformedJson_isSerializationException_withoutTheOffendingToken() {
    LambdaError reported =
        reportOfReading("{\"KeyId\":\"k\",\"Plaintext\": s3cr3t}", EncryptRequest.class);

    assertThat(reported)
        .isEqualTo(
            new LambdaError("SerializationException", "The request body is not valid JSON."));
  }

  @Test
  void memberOfTheWrongType_isSerializationException_withItsPath() {
    assertThat(reportOfReading("{\"NumberOfBytes\":\"12\"}", GenerateRandomRequest.class))
        .isEqualTo(
            new LambdaError(
                "SerializationException",
                "The value of 'NumberOfBytes' is not valid for its type."));
    assertThat(
            reportOfReading(
                    "{\"KeyId\":\"k\",\"Tags\":[{\"TagKey\":5,\"TagValue\":\"v\"}]}",
                    TagResourceRequest.class)
                .errorMessage())
        .contains("'Tags[0].TagKey'");
  }

  @Test
  void enumValueOutsideItsSet_isValidationException_listingTheSet_asOnTheWire() {
    LambdaError reported =
        reportOfReading("{\"KeyId\":\"k\",\"KeySpec\":\"AES_512\"}", GenerateDataKeyRequest.class);

    assertThat(reported)
        .isEqualTo(
            new LambdaError(
                "ValidationException",
                "1 validation error detected: Value at 'keySpec' failed to satisfy constraint:"
                    + " Member must satisfy enum value set: [AES_256, AES_128]"));
  }

  @Test
  void quarkusErrorReport_isWrittenWithTheAwsType_byTheApplicationsMapper() throws Exception {
    FunctionError report =
        new FunctionError(
            ApplicationException.class.getName(),
            new ApplicationException(
                    Validation.error(
                        "Value null at 'keyId' failed to satisfy constraint: Member must not be"
                            + " null"))
                .getMessage());

    JsonNode written = QUARKUS_MAPPER.readTree(QUARKUS_MAPPER.writeValueAsString(report));

    assertThat(written.get("errorType").asText()).isEqualTo("ValidationException");
    assertThat(written.get("errorMessage").asText())
        .isEqualTo(
            "1 validation error detected: Value null at 'keyId' failed to satisfy constraint:"
                + " Member must not be null");
    assertThat(written.size()).isEqualTo(2);
  }

  private static LambdaError reportOf(Throwable thrown) {
    return LambdaError.of(thrown.getClass().getName(), thrown.getMessage());
  }

  /** What Quarkus reports when the function's input fails to read, as its poll loop does. */
  private static LambdaError reportOfReading(String json, Class<?> type) {
    Throwable failure = catchThrowable(() -> QUARKUS_MAPPER.readerFor(type).readValue(json));
    assertThat(failure).as("reading %s", json).isNotNull();
    LambdaError reported = reportOf(failure);
    assertThat(reported.errorMessage()).doesNotContain("s3cr3t").doesNotContain("dev.serverless");
    return reported;
  }

  private static ObjectMapper customized() {
    ObjectMapper mapper = new ObjectMapper();
    new KmsObjectMapperCustomizer().customize(mapper);
    return mapper;
  }
}
