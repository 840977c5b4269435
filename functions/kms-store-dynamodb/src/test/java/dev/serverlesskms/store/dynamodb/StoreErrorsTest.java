package dev.serverlesskms.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.port.StoreConflictException;
import dev.serverlesskms.core.port.StoreUnavailableException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Which cancelled transactions are lost races (conflicts) and which are failures of the store. */
class StoreErrorsTest {

  @ParameterizedTest(name = "reasons {0} -> {1}")
  @CsvSource({
    "'None,ConditionalCheckFailed', conflict",
    "'ConditionalCheckFailed,None,None', conflict",
    "'TransactionConflict,None', conflict",
    "'None,ThrottlingError', unavailable",
    "'ConditionalCheckFailed,ValidationError', unavailable",
    "'None,ProvisionedThroughputExceeded', unavailable",
    "'ItemCollectionSizeLimitExceeded', unavailable",
  })
  void cancelledTransaction_isAConflictOnlyWhenEveryReasonIsALostRace(
      String codes, String expected) {
    TransactionCanceledException cancelled =
        TransactionCanceledException.builder()
            .message("Transaction cancelled")
            .cancellationReasons(
                Arrays.stream(codes.split(","))
                    .map(code -> CancellationReason.builder().code(code).build())
                    .toList())
            .build();

    RuntimeException translated = StoreErrors.translate(cancelled, "update key");

    assertThat(translated)
        .isInstanceOf(
            expected.equals("conflict")
                ? StoreConflictException.class
                : StoreUnavailableException.class);
  }

  @ParameterizedTest(name = "message \"{0}\" -> {1}")
  @CsvSource({
    "'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]', conflict",
    "'Transaction cancelled, please refer cancellation reasons for specific reasons [ThrottlingError]', unavailable",
  })
  void cancelledTransactionWithoutReasons_isJudgedByItsMessage(String message, String expected) {
    TransactionCanceledException cancelled =
        TransactionCanceledException.builder().message(message).build();

    assertThat(StoreErrors.translate(cancelled, "create key"))
        .isInstanceOf(
            expected.equals("conflict")
                ? StoreConflictException.class
                : StoreUnavailableException.class);
  }

  @Test
  void otherFailures_areUnavailable_keepingTheCause_andAFailedConditionIsAConflict() {
    SdkClientException network = SdkClientException.create("connection refused");
    DynamoDbException throttled =
        (DynamoDbException) DynamoDbException.builder().message("throttled").build();

    assertThat(StoreErrors.translate(network, "find key"))
        .isInstanceOf(StoreUnavailableException.class)
        .hasCause(network);
    assertThat(StoreErrors.translate(throttled, "find key"))
        .isInstanceOf(StoreUnavailableException.class)
        .hasCause(throttled);
    assertThat(
            StoreErrors.translate(
                ConditionalCheckFailedException.builder().message("no").build(), "put"))
        .isInstanceOf(StoreConflictException.class);
  }
}
