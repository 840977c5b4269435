package dev.serverlesskms.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.testkit.KeyFixtures;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The key-state table itself: every row in every state, with AWS's error type and message. */
class KeyStateRuleTest {
  private static final String ALLOWED = null;

  static Stream<Arguments> table() {
    return Stream.of(
        // rule, state, expected error type (null: allowed), message suffix
        row(KeyStateRule.USE, KeyState.ENABLED, null, ALLOWED),
        row(KeyStateRule.USE, KeyState.DISABLED, KmsErrorType.DISABLED, " is disabled."),
        row(
            KeyStateRule.USE,
            KeyState.PENDING_DELETION,
            KmsErrorType.INVALID_STATE,
            " is pending deletion."),
        row(
            KeyStateRule.USE,
            KeyState.PENDING_IMPORT,
            KmsErrorType.INVALID_STATE,
            " is pending import."),
        row(KeyStateRule.ENABLE_OR_DISABLE, KeyState.ENABLED, null, ALLOWED),
        row(KeyStateRule.ENABLE_OR_DISABLE, KeyState.DISABLED, null, ALLOWED),
        row(
            KeyStateRule.ENABLE_OR_DISABLE,
            KeyState.PENDING_DELETION,
            KmsErrorType.INVALID_STATE,
            " is pending deletion."),
        row(
            KeyStateRule.ENABLE_OR_DISABLE,
            KeyState.PENDING_IMPORT,
            KmsErrorType.INVALID_STATE,
            " is pending import."),
        row(KeyStateRule.MANAGE, KeyState.ENABLED, null, ALLOWED),
        row(KeyStateRule.MANAGE, KeyState.DISABLED, null, ALLOWED),
        row(
            KeyStateRule.MANAGE,
            KeyState.PENDING_DELETION,
            KmsErrorType.INVALID_STATE,
            " is pending deletion."),
        row(KeyStateRule.MANAGE, KeyState.PENDING_IMPORT, null, ALLOWED),
        row(KeyStateRule.LIST_MATERIAL, KeyState.ENABLED, null, ALLOWED),
        row(KeyStateRule.LIST_MATERIAL, KeyState.DISABLED, null, ALLOWED),
        row(KeyStateRule.LIST_MATERIAL, KeyState.PENDING_DELETION, null, ALLOWED),
        row(
            KeyStateRule.LIST_MATERIAL,
            KeyState.PENDING_IMPORT,
            KmsErrorType.INVALID_STATE,
            " is pending import."),
        row(KeyStateRule.ANY, KeyState.ENABLED, null, ALLOWED),
        row(KeyStateRule.ANY, KeyState.DISABLED, null, ALLOWED),
        row(KeyStateRule.ANY, KeyState.PENDING_DELETION, null, ALLOWED),
        row(KeyStateRule.ANY, KeyState.PENDING_IMPORT, null, ALLOWED),
        row(
            KeyStateRule.CANCEL_DELETION,
            KeyState.ENABLED,
            KmsErrorType.INVALID_STATE,
            " is not pending deletion."),
        row(
            KeyStateRule.CANCEL_DELETION,
            KeyState.DISABLED,
            KmsErrorType.INVALID_STATE,
            " is not pending deletion."),
        row(KeyStateRule.CANCEL_DELETION, KeyState.PENDING_DELETION, null, ALLOWED),
        row(
            KeyStateRule.CANCEL_DELETION,
            KeyState.PENDING_IMPORT,
            KmsErrorType.INVALID_STATE,
            " is not pending deletion."),
        // AWS's Unavailable column (a key of a disconnected custom key store, as it is shown)
        row(KeyStateRule.USE, KeyState.UNAVAILABLE, KmsErrorType.INVALID_STATE, " is unavailable."),
        row(KeyStateRule.ENABLE_OR_DISABLE, KeyState.UNAVAILABLE, null, ALLOWED),
        row(KeyStateRule.MANAGE, KeyState.UNAVAILABLE, null, ALLOWED),
        row(KeyStateRule.LIST_MATERIAL, KeyState.UNAVAILABLE, null, ALLOWED),
        row(KeyStateRule.ANY, KeyState.UNAVAILABLE, null, ALLOWED),
        row(
            KeyStateRule.CANCEL_DELETION,
            KeyState.UNAVAILABLE,
            KmsErrorType.INVALID_STATE,
            " is not pending deletion."),
        // PendingReplicaDeletion (a multi-Region primary waiting for its replicas' deletion): AWS's
        // table gives it PendingDeletion's answers
        row(
            KeyStateRule.USE,
            KeyState.PENDING_REPLICA_DELETION,
            KmsErrorType.INVALID_STATE,
            " is pending replica deletion."),
        row(
            KeyStateRule.ENABLE_OR_DISABLE,
            KeyState.PENDING_REPLICA_DELETION,
            KmsErrorType.INVALID_STATE,
            " is pending replica deletion."),
        row(
            KeyStateRule.MANAGE,
            KeyState.PENDING_REPLICA_DELETION,
            KmsErrorType.INVALID_STATE,
            " is pending replica deletion."),
        row(KeyStateRule.LIST_MATERIAL, KeyState.PENDING_REPLICA_DELETION, null, ALLOWED),
        row(KeyStateRule.ANY, KeyState.PENDING_REPLICA_DELETION, null, ALLOWED),
        row(KeyStateRule.CANCEL_DELETION, KeyState.PENDING_REPLICA_DELETION, null, ALLOWED));
  }

  private static Arguments row(
      KeyStateRule rule, KeyState state, KmsErrorType error, String suffix) {
    return Arguments.of(rule, state, error, suffix);
  }

  @ParameterizedTest(name = "{0} on a key {1}: {2}")
  @MethodSource("table")
  void rule_inEachState_allowsOrAnswersAwsError(
      KeyStateRule rule, KeyState state, KmsErrorType error, String suffix) {
    KmsKey key = inState(state);

    if (error == null) {
      assertThat(rule.allows(state)).isTrue();
      assertThatCode(() -> rule.check(key)).doesNotThrowAnyException();
    } else {
      assertThat(rule.allows(state)).isFalse();
      assertThatThrownBy(() -> rule.check(key))
          .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.type()).isEqualTo(error))
          .hasMessage(key.arn() + suffix);
    }
  }

  @ParameterizedTest
  @MethodSource("rules")
  void everyRowIsInTheTable(KeyStateRule rule) {
    assertThat(table().filter(a -> a.get()[0] == rule).map(a -> a.get()[1]))
        .containsExactlyInAnyOrder((Object[]) KeyState.values());
  }

  static List<KeyStateRule> rules() {
    return List.of(KeyStateRule.values());
  }

  private static KmsKey inState(KeyState state) {
    KmsKey.Builder key = KeyFixtures.enabledKey().state(state);
    if (state == KeyState.PENDING_DELETION) {
      key.deletionDate(Instant.parse("2026-07-01T00:00:00Z")).pendingWindowInDays(30);
    }
    if (state == KeyState.PENDING_REPLICA_DELETION) {
      KeyId keyId = KeyId.randomMultiRegion();
      key.keyId(keyId)
          .arn("arn:aws:kms:us-east-1:111122223333:key/" + keyId)
          .multiRegion(
              new MultiRegion(MultiRegionKeyType.PRIMARY, "us-east-1", List.of("eu-west-1")))
          .pendingWindowInDays(7);
    }
    return key.build();
  }
}
