package dev.serverlesskms.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionContextTest {
  @Test
  void keyNamesAreCaseInsensitiveAndMissingKeysAreNull() {
    ConditionContext context = ConditionContext.builder().put("aws:SourceIp", "10.0.0.1").build();

    assertThat(context.values("AWS:SOURCEIP")).containsExactly("10.0.0.1");
    assertThat(context.values("aws:username")).isNull();
    assertThat(ConditionContext.empty().values("aws:SourceIp")).isNull();
  }

  @Test
  void aKeyWithNoValuesIsPresent() {
    assertThat(ConditionContext.builder().put("k:a", List.of()).build().values("k:a")).isEmpty();
  }

  @Test
  void theOtherContextWinsAMerge() {
    ConditionContext first = ConditionContext.builder().put("k:a", "1").put("k:b", "1").build();
    ConditionContext second = ConditionContext.builder().put("k:b", "2").build();

    ConditionContext merged = first.with(second);

    assertThat(merged.values("k:a")).containsExactly("1");
    assertThat(merged.values("k:b")).containsExactly("2");
    assertThat(first.with(ConditionContext.empty())).isSameAs(first);
    assertThat(ConditionContext.empty().with(second)).isSameAs(second);
    assertThat(merged.with(ConditionContext.builder().put("k:a", "3").build()).values("k:a"))
        .containsExactly("3");
  }

  @Test
  void aComputedSourceIsAskedWithLowerCaseNames() {
    ConditionContext context =
        ConditionContext.of(key -> key.equals("kms:calleraccount") ? List.of("1") : null);

    assertThat(context.values("kms:CallerAccount")).containsExactly("1");
    assertThat(context.values("kms:ViaService")).isNull();
  }

  @Test
  void encryptionContextKeys_caseInsensitiveNamesCaseSensitiveValuesAndKeyList() {
    Map<String, String> pairs = new LinkedHashMap<>();
    pairs.put("Department", "IT");
    pairs.put("project", "Alpha");
    ConditionContext context = ConditionContext.builder().encryptionContext(pairs).build();

    assertThat(context.values("kms:EncryptionContext:department")).containsExactly("IT");
    assertThat(context.values("KMS:ENCRYPTIONCONTEXT:PROJECT")).containsExactly("Alpha");
    assertThat(context.values("kms:EncryptionContext:Stage")).isNull();
    assertThat(context.values("kms:EncryptionContextKeys"))
        .containsExactly("Department", "project");
  }

  @Test
  void twoContextKeysDifferingOnlyByCaseMeetInOneConditionKey() {
    ConditionContext context =
        ConditionContext.builder().encryptionContext(Map.of("App", "a", "app", "b")).build();

    assertThat(context.values("kms:EncryptionContext:APP")).containsExactlyInAnyOrder("a", "b");
    assertThat(context.values("kms:EncryptionContextKeys")).containsExactly("App", "app");
  }

  @Test
  void anEmptyEncryptionContextHasNoKeysAtAll() {
    ConditionContext context = ConditionContext.builder().encryptionContext(Map.of()).build();

    assertThat(context.values("kms:EncryptionContextKeys")).isNull();
  }

  @Test
  void aBuilderUsedAfterBuildDoesNotChangeTheBuiltContext() {
    ConditionContext.Builder builder = ConditionContext.builder().put("k:a", "1");
    ConditionContext built = builder.build();

    ConditionContext later = builder.put("k:a", "2").put("k:b", "3").build();

    assertThat(built.values("k:a")).containsExactly("1");
    assertThat(built.values("k:b")).isNull();
    assertThat(later.values("k:a")).containsExactly("2");
  }

  @Test
  void roleOfASession() {
    assertThat(PolicyPrincipal.roleOfSession("arn:aws:sts::111122223333:assumed-role/ops/deploy"))
        .isEqualTo("arn:aws:iam::111122223333:role/ops");
    assertThat(PolicyPrincipal.roleOfSession("arn:aws-cn:sts::111122223333:assumed-role/r/s/x"))
        .isEqualTo("arn:aws-cn:iam::111122223333:role/r");
    assertThat(PolicyPrincipal.roleOfSession("arn:aws:iam::111122223333:user/alice")).isNull();
    assertThat(PolicyPrincipal.roleOfSession("arn:aws:sts::111122223333:federated-user/f"))
        .isNull();
    assertThat(PolicyPrincipal.roleOfSession("arn:aws:sts::111122223333:assumed-role/ops/"))
        .isNull();
    assertThat(PolicyPrincipal.roleOfSession("arn:aws:sts::111122223333:assumed-role//s")).isNull();
    assertThat(PolicyPrincipal.roleOfSession("arn:aws:sts::111122223333:assumed-role/ops"))
        .isNull();
    assertThat(PolicyPrincipal.roleOfSession("arn:aws:sts::111122223333")).isNull();
    assertThat(PolicyPrincipal.roleOfSession("arn")).isNull();
    assertThat(PolicyPrincipal.roleOfSession(null)).isNull();
  }

  @Test
  void accountRoot() {
    assertThat(
            new PolicyPrincipal("arn:aws:iam::111122223333:root", "111122223333", null, null)
                .isAccountRoot())
        .isTrue();
    assertThat(
            new PolicyPrincipal("arn:aws:iam::444455556666:root", "111122223333", null, null)
                .isAccountRoot())
        .isFalse();
    assertThat(
            new PolicyPrincipal("arn:aws:iam::111122223333:user/root", "111122223333", null, null)
                .isAccountRoot())
        .isFalse();
    assertThat(new PolicyPrincipal(null, "111122223333", null, "kms.amazonaws.com").isAccountRoot())
        .isFalse();
  }
}
