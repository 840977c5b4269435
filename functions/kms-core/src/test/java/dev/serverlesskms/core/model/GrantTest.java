package dev.serverlesskms.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrantTest {
  private static final KeyId KEY = new KeyId("1234abcd-12ab-34cd-56ef-1234567890ab");
  private static final String ALICE = "arn:aws:iam::111122223333:user/alice";
  private static final Map<String, String> DEPT = Map.of("Department", "IT");

  static Grant grant(List<GrantOperation> operations, GrantConstraints constraints) {
    return new Grant(
        Grant.newId(),
        KEY,
        null,
        ALICE,
        null,
        null,
        null,
        operations,
        constraints,
        "arn:aws:iam::111122223333:root",
        Instant.parse("2026-06-01T12:00:00Z"));
  }

  @Test
  void newId_is64LowerCaseHexDigits_andNeverRepeats() {
    String one = Grant.newId();

    assertThat(one).matches("[0-9a-f]{64}");
    assertThat(Grant.isWellFormedId(one)).isTrue();
    assertThat(Grant.newId()).isNotEqualTo(one);
    assertThat(Grant.isWellFormedId(one.toUpperCase())).isFalse();
    assertThat(Grant.isWellFormedId(one.substring(1))).isFalse();
  }

  @Test
  void aGrant_hasExactlyOneGrantee_andDistinctOperations() {
    assertThatThrownBy(
            () ->
                new Grant(
                    Grant.newId(),
                    KEY,
                    null,
                    ALICE,
                    "s3.amazonaws.com",
                    null,
                    null,
                    List.of(GrantOperation.Encrypt),
                    null,
                    "arn:aws:iam::111122223333:root",
                    Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> grant(List.of(GrantOperation.Encrypt, GrantOperation.Encrypt), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> grant(List.of(), null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void allows_onlyItsOperations() {
    Grant grant = grant(List.of(GrantOperation.Encrypt, GrantOperation.DescribeKey), null);

    assertThat(grant.allows(GrantOperation.Encrypt, Map.of(), null)).isTrue();
    assertThat(grant.allows(GrantOperation.DescribeKey, Map.of(), null)).isTrue();
    assertThat(grant.allows(GrantOperation.Decrypt, Map.of(), null)).isFalse();
  }

  @Test
  void encryptionContextConstraints_applyOnlyToOperationsThatTakeAContext() {
    Grant grant =
        grant(
            List.of(GrantOperation.Decrypt, GrantOperation.DescribeKey, GrantOperation.RetireGrant),
            new GrantConstraints(DEPT, null, null));

    assertThat(grant.allows(GrantOperation.Decrypt, DEPT, null)).isTrue();
    assertThat(grant.allows(GrantOperation.Decrypt, Map.of(), null)).isFalse();
    assertThat(grant.allows(GrantOperation.DescribeKey, Map.of(), null)).isTrue();
    assertThat(grant.allows(GrantOperation.RetireGrant, Map.of(), null)).isTrue();
  }

  @Test
  void sourceArnConstraint_appliesToEveryOperationButRetireGrant() {
    Grant grant =
        grant(
            List.of(GrantOperation.Decrypt, GrantOperation.DescribeKey, GrantOperation.RetireGrant),
            new GrantConstraints(null, null, "arn:aws:s3:::b"));

    assertThat(grant.allows(GrantOperation.Decrypt, Map.of(), "arn:aws:s3:::b")).isTrue();
    assertThat(grant.allows(GrantOperation.Decrypt, Map.of(), null)).isFalse();
    assertThat(grant.allows(GrantOperation.DescribeKey, Map.of(), null)).isFalse();
    assertThat(grant.allows(GrantOperation.RetireGrant, Map.of(), null)).isTrue();
  }

  @Test
  void allowsCreating_aSubsetOfItsOperations_atLeastAsStrict() {
    Grant parent =
        grant(
            List.of(GrantOperation.CreateGrant, GrantOperation.Decrypt, GrantOperation.Encrypt),
            new GrantConstraints(DEPT, null, null));

    assertThat(
            parent.allowsCreating(
                grant(List.of(GrantOperation.Decrypt), new GrantConstraints(DEPT, null, null))))
        .isTrue();
    assertThat(
            parent.allowsCreating(
                grant(
                    List.of(GrantOperation.Decrypt, GrantOperation.CreateGrant),
                    new GrantConstraints(null, Map.of("Department", "IT", "x", "y"), null))))
        .isTrue();
    assertThat(parent.allowsCreating(grant(List.of(GrantOperation.Decrypt), null))).isFalse();
    assertThat(
            parent.allowsCreating(
                grant(
                    List.of(GrantOperation.Decrypt, GrantOperation.GenerateDataKey),
                    new GrantConstraints(DEPT, null, null))))
        .isFalse();
  }

  @Test
  void allowsCreating_needsCreateGrantInTheParent() {
    Grant parent = grant(List.of(GrantOperation.Decrypt, GrantOperation.Encrypt), null);

    assertThat(parent.allowsCreating(grant(List.of(GrantOperation.Decrypt), null))).isFalse();
  }

  @Test
  void sameRequestAs_ignoresIdDateAndOperationOrder_butNothingElse() {
    Grant one =
        grant(List.of(GrantOperation.Encrypt, GrantOperation.Decrypt), GrantConstraints.NONE);
    Grant other =
        new Grant(
            Grant.newId(),
            KEY,
            null,
            ALICE,
            null,
            null,
            null,
            List.of(GrantOperation.Decrypt, GrantOperation.Encrypt),
            GrantConstraints.NONE,
            "arn:aws:iam::111122223333:root",
            Instant.EPOCH);

    assertThat(one.sameRequestAs(other)).isTrue();
    assertThat(one.sameRequestAs(grant(List.of(GrantOperation.Encrypt), GrantConstraints.NONE)))
        .isFalse();
    assertThat(
            one.sameRequestAs(
                grant(
                    List.of(GrantOperation.Encrypt, GrantOperation.Decrypt),
                    new GrantConstraints(DEPT, null, null))))
        .isFalse();
  }

  @Test
  void scopeOf_isTheAccountOfAnArnOrAccount_elseTheServiceName() {
    assertThat(Grant.scopeOf(ALICE)).isEqualTo("111122223333");
    assertThat(Grant.scopeOf("arn:aws:sts::444455556666:assumed-role/ops/deploy"))
        .isEqualTo("444455556666");
    assertThat(Grant.scopeOf("arn:aws:iam::444455556666:root")).isEqualTo("444455556666");
    assertThat(Grant.scopeOf("444455556666")).isEqualTo("444455556666");
    assertThat(Grant.scopeOf("s3.amazonaws.com")).isEqualTo("s3.amazonaws.com");
  }
}
