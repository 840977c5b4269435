package dev.serverlesskms.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GrantConstraintsTest {
  private static final Map<String, String> DEPT = Map.of("Department", "IT");

  private static GrantConstraints equalsTo(Map<String, String> pairs) {
    return new GrantConstraints(null, pairs, null);
  }

  private static GrantConstraints subset(Map<String, String> pairs) {
    return new GrantConstraints(pairs, null, null);
  }

  @Test
  void equals_allowsExactlyItsPairs() {
    GrantConstraints constraint = equalsTo(Map.of("Department", "IT", "Project", "Alpha"));

    assertThat(constraint.allowsEncryptionContext(Map.of("Project", "Alpha", "Department", "IT")))
        .isTrue();
    assertThat(constraint.allowsEncryptionContext(Map.of("Department", "IT"))).isFalse();
    assertThat(
            constraint.allowsEncryptionContext(
                Map.of("Department", "IT", "Project", "Alpha", "Extra", "x")))
        .isFalse();
    assertThat(constraint.allowsEncryptionContext(Map.of())).isFalse();
  }

  @Test
  void subset_allowsRequestsThatIncludeItsPairs() {
    GrantConstraints constraint = subset(DEPT);

    assertThat(constraint.allowsEncryptionContext(DEPT)).isTrue();
    assertThat(constraint.allowsEncryptionContext(Map.of("Department", "IT", "Other", "y")))
        .isTrue();
    assertThat(constraint.allowsEncryptionContext(Map.of("Other", "y"))).isFalse();
    assertThat(constraint.allowsEncryptionContext(null)).isFalse();
  }

  @Test
  void keysMatchInAnyCase_valuesOnlyExactly() {
    assertThat(subset(DEPT).allowsEncryptionContext(Map.of("department", "IT"))).isTrue();
    assertThat(equalsTo(DEPT).allowsEncryptionContext(Map.of("DEPARTMENT", "IT"))).isTrue();
    assertThat(subset(DEPT).allowsEncryptionContext(Map.of("Department", "it"))).isFalse();
    assertThat(equalsTo(DEPT).allowsEncryptionContext(Map.of("Department", "It"))).isFalse();
  }

  @Test
  void emptyEquals_allowsOnlyAnEmptyContext() {
    assertThat(equalsTo(Map.of()).allowsEncryptionContext(Map.of())).isTrue();
    assertThat(equalsTo(Map.of()).allowsEncryptionContext(DEPT)).isFalse();
  }

  @Test
  void bothKinds_mustBothHold() {
    GrantConstraints both = new GrantConstraints(DEPT, Map.of("Department", "IT", "A", "1"), null);

    assertThat(both.allowsEncryptionContext(Map.of("Department", "IT", "A", "1"))).isTrue();
    assertThat(both.allowsEncryptionContext(DEPT)).isFalse();
  }

  @Test
  void sourceArn_mustBeTheRequestsExactly() {
    GrantConstraints constraint =
        new GrantConstraints(null, null, "arn:aws:s3:::bucket-of-111122223333");

    assertThat(constraint.allowsSourceArn("arn:aws:s3:::bucket-of-111122223333")).isTrue();
    assertThat(constraint.allowsSourceArn("arn:aws:s3:::other")).isFalse();
    assertThat(constraint.allowsSourceArn(null)).isFalse();
    assertThat(GrantConstraints.NONE.allowsSourceArn(null)).isTrue();
  }

  @Test
  void strictness_underEquals_onlyTheSameEquals() {
    GrantConstraints parent = equalsTo(DEPT);

    assertThat(equalsTo(Map.of("department", "IT")).atLeastAsStrictAs(parent)).isTrue();
    assertThat(equalsTo(Map.of("Department", "IT", "A", "1")).atLeastAsStrictAs(parent)).isFalse();
    assertThat(subset(DEPT).atLeastAsStrictAs(parent)).isFalse();
    assertThat(GrantConstraints.NONE.atLeastAsStrictAs(parent)).isFalse();
  }

  @Test
  void strictness_underSubset_aSupersetOfItsPairs() {
    GrantConstraints parent = subset(DEPT);

    assertThat(subset(DEPT).atLeastAsStrictAs(parent)).isTrue();
    assertThat(subset(Map.of("Department", "IT", "A", "1")).atLeastAsStrictAs(parent)).isTrue();
    assertThat(equalsTo(Map.of("Department", "IT", "A", "1")).atLeastAsStrictAs(parent)).isTrue();
    assertThat(subset(Map.of("A", "1")).atLeastAsStrictAs(parent)).isFalse();
    assertThat(GrantConstraints.NONE.atLeastAsStrictAs(parent)).isFalse();
  }

  @Test
  void strictness_underNoConstraint_anything_andSourceArnMustBeKept() {
    assertThat(GrantConstraints.NONE.atLeastAsStrictAs(null)).isTrue();
    assertThat(subset(DEPT).atLeastAsStrictAs(GrantConstraints.NONE)).isTrue();
    GrantConstraints parent = new GrantConstraints(null, null, "arn:aws:s3:::b");
    assertThat(new GrantConstraints(DEPT, null, "arn:aws:s3:::b").atLeastAsStrictAs(parent))
        .isTrue();
    assertThat(subset(DEPT).atLeastAsStrictAs(parent)).isFalse();
  }
}
