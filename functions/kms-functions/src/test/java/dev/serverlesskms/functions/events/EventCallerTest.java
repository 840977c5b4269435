package dev.serverlesskms.functions.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.request.Caller;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who event-triggered requests act as: kms.events.principal-arn, by default the account root. */
class EventCallerTest {
  private static final String ACCOUNT = "111122223333";

  @Test
  void byDefault_theRootOfTheKmsAccount() {
    assertThat(EventRequests.callerOf(Optional.empty(), ACCOUNT))
        .isEqualTo(new Caller("Root", ACCOUNT, "arn:aws:iam::111122223333:root", ACCOUNT, null));
  }

  @Test
  void configuredUserOrRoleSession_ofAnyAccount() {
    assertThat(
            EventRequests.callerOf(
                Optional.of("arn:aws:iam::444455556666:user/encryptor"), ACCOUNT))
        .isEqualTo(
            new Caller(
                "IAMUser",
                "encryptor",
                "arn:aws:iam::444455556666:user/encryptor",
                "444455556666",
                null));
    Caller session =
        EventRequests.callerOf(
            Optional.of("arn:aws:sts::111122223333:assumed-role/events/sqs-encryptor"), ACCOUNT);
    assertThat(session.type()).isEqualTo("AssumedRole");
    assertThat(session.arn())
        .isEqualTo("arn:aws:sts::111122223333:assumed-role/events/sqs-encryptor");
  }

  @Test
  void bareRoleOrBadArn_failsTheStart_namingTheSetting() {
    assertThatThrownBy(
            () ->
                EventRequests.callerOf(
                    Optional.of("arn:aws:iam::111122223333:role/events"), ACCOUNT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("kms.events.principal-arn has an arn")
        .hasMessageContaining("assumed-role/<role>/<sessionName>");
    assertThatThrownBy(() -> EventRequests.callerOf(Optional.of("events"), ACCOUNT))
        .hasMessageStartingWith("kms.events.principal-arn has an arn 'events' that is not");
  }
}
