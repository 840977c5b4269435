package dev.serverlesskms.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written key id check accepts AWS's two forms exactly. */
class KeyIdTest {
  @ParameterizedTest
  @ValueSource(
      strings = {"1234abcd-12ab-34cd-56ef-1234567890ab", "mrk-1234abcd12ab34cd56ef1234567890ab"})
  void acceptsBothForms(String id) {
    assertThat(KeyId.isWellFormed(id)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1234ABCD-12ab-34cd-56ef-1234567890ab",
        "1234abcd-12ab-34cd-56ef-1234567890a",
        "1234abcd-12ab-34cd-56ef-1234567890abc",
        "1234abcd012ab-34cd-56ef-1234567890ab",
        "1234abcd-12ab-34cd-56ef-1234567890ag",
        "mrk-1234abcd12ab34cd56ef1234567890a",
        "mrk-1234abcd12ab34cd56ef1234567890AB",
        "MRK-1234abcd12ab34cd56ef1234567890ab",
        "alias/foo",
        "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
      })
  void refusesEverythingElse(String id) {
    assertThat(KeyId.isWellFormed(id)).isFalse();
  }

  @Test
  void refusesNull() {
    assertThat(KeyId.isWellFormed(null)).isFalse();
  }

  @Test
  void roundTripsThroughBytes() {
    KeyId id = KeyId.random();
    assertThat(KeyId.fromBytes(id.toBytes(), 0)).isEqualTo(id);
    KeyId mrk = KeyId.randomMultiRegion();
    assertThat(KeyId.fromBytes(mrk.toBytes(), 0, true)).isEqualTo(mrk);
  }
}
