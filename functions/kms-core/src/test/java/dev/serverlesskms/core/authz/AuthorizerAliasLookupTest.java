package dev.serverlesskms.core.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.request.RequestContext;
import dev.serverlesskms.testkit.KeyFixtures;
import dev.serverlesskms.testkit.TestKms;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code kms:ResourceAliases} costs a store read: the Authorizer asks for a key's aliases only when
 * a policy conditions on them, and once per request however many statements do.
 */
class AuthorizerAliasLookupTest {
  private static final String ROOT = KeyFixtures.LOCATION.accountRootArn();
  private static final RequestContext REQUEST =
      TestKms.context(TestKms.rootOf(KeyFixtures.LOCATION.accountId()));
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  private final AtomicInteger lookups = new AtomicInteger();
  private final Authorizer authorizer =
      new Authorizer(
          KeyFixtures.LOCATION,
          caller -> List.of(),
          GrantAuthority.none(),
          key -> {
            lookups.incrementAndGet();
            return List.of("alias/finance");
          });

  private static KmsKey keyWith(String... statements) {
    return KeyFixtures.enabledKey()
        .policy("{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}")
        .build();
  }

  private static String allowRoot(String action, String condition) {
    return "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
        + ROOT
        + "\"},\"Action\":\""
        + action
        + "\",\"Resource\":\"*\""
        + (condition == null ? "" : ",\"Condition\":" + condition)
        + "}";
  }

  @Test
  void aPolicyWithoutTheCondition_neverReadsTheAliases() {
    KmsKey key = keyWith(allowRoot("kms:*", null));

    authorizer.requireAllowed(REQUEST, NOW, KeyAccess.of("DescribeKey", key));

    assertThat(lookups).hasValue(0);
  }

  @Test
  void twoStatementsOnTheCondition_readTheAliasesOnce_andMatchTheirNames() {
    KmsKey key =
        keyWith(
            allowRoot(
                "kms:Encrypt",
                "{\"ForAnyValue:StringEquals\":{\"kms:ResourceAliases\":\"alias/other\"}}"),
            allowRoot(
                "kms:DescribeKey",
                "{\"ForAnyValue:StringEquals\":{\"kms:ResourceAliases\":\"alias/finance\"}}"));

    authorizer.requireAllowed(REQUEST, NOW, KeyAccess.of("DescribeKey", key));
    assertThat(lookups).hasValue(1);

    assertThatThrownBy(() -> authorizer.requireAllowed(REQUEST, NOW, KeyAccess.of("Encrypt", key)))
        .isInstanceOf(KmsException.class);
  }
}
