package dev.serverlesskms.core.authz;

import static dev.serverlesskms.core.authz.GrantPrincipalsTest.ALICE;
import static dev.serverlesskms.core.authz.GrantPrincipalsTest.SESSION;
import static dev.serverlesskms.testkit.KeyFixtures.auditRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.GrantConstraints;
import dev.serverlesskms.core.model.GrantOperation;
import dev.serverlesskms.core.model.GrantToken;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.policy.Decision;
import dev.serverlesskms.core.policy.PolicyPrincipal;
import dev.serverlesskms.testkit.InMemoryKeyStore;
import dev.serverlesskms.testkit.KeyFixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredGrantAuthorityTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final Map<String, String> DEPT = Map.of("Department", "IT");

  private final InMemoryKeyStore store = new InMemoryKeyStore();
  private final StoredGrantAuthority authority = new StoredGrantAuthority(store);
  private final KmsKey key = store.create(KeyFixtures.enabledKey().build(), auditRecord());
  private final KmsKey otherKey = store.create(KeyFixtures.enabledKey().build(), auditRecord());

  private Grant grant(
      KmsKey on, String grantee, List<GrantOperation> operations, GrantConstraints constraints) {
    Grant grant =
        new Grant(
            Grant.newId(),
            on.keyId(),
            null,
            grantee,
            null,
            null,
            null,
            operations,
            constraints,
            "arn:aws:iam::111122223333:root",
            NOW);
    store.createGrant(grant, auditRecord());
    return grant;
  }

  private Decision use(
      KmsKey on, PolicyPrincipal caller, String operation, Map<String, String> context) {
    return authority.allows(KeyAccess.grantable(operation, on, null, context, null), caller, NOW);
  }

  @Test
  void aGrantToTheCaller_allowsItsOperations_onItsKeyOnly() {
    grant(key, ALICE.arn(), List.of(GrantOperation.Encrypt), null);

    assertThat(use(key, ALICE, "Encrypt", Map.of())).isEqualTo(Decision.ALLOW);
    assertThat(use(key, ALICE, "Decrypt", Map.of())).isEqualTo(Decision.NOT_ALLOWED);
    assertThat(use(otherKey, ALICE, "Encrypt", Map.of())).isEqualTo(Decision.NOT_ALLOWED);
    assertThat(use(key, SESSION, "Encrypt", Map.of())).isEqualTo(Decision.NOT_ALLOWED);
  }

  @Test
  void constraints_decideUnderTheRequestsEncryptionContext() {
    grant(
        key, ALICE.arn(), List.of(GrantOperation.Decrypt), new GrantConstraints(DEPT, null, null));

    assertThat(use(key, ALICE, "Decrypt", Map.of("department", "IT", "x", "y")))
        .isEqualTo(Decision.ALLOW);
    assertThat(use(key, ALICE, "Decrypt", Map.of("Department", "Sales")))
        .isEqualTo(Decision.NOT_ALLOWED);
  }

  @Test
  void theStrongestGrant_wins_aGrantToTheAccountNeedsDelegation() {
    grant(key, "arn:aws:iam::111122223333:root", List.of(GrantOperation.Encrypt), null);

    assertThat(use(key, ALICE, "Encrypt", Map.of())).isEqualTo(Decision.ALLOW_VIA_ACCOUNT);

    grant(key, SESSION.roleArn(), List.of(GrantOperation.Encrypt), null);
    assertThat(use(key, SESSION, "Encrypt", Map.of())).isEqualTo(Decision.ALLOW);
  }

  @Test
  void actionsNoGrantCanAllow_areNeverAllowed() {
    grant(key, ALICE.arn(), List.of(GrantOperation.Encrypt), null);

    assertThat(
            authority.allows(
                KeyAccess.grantable("PutKeyPolicy", key, null, null, null), ALICE, NOW))
        .isEqualTo(Decision.NOT_ALLOWED);
  }

  @Test
  void creatingAGrant_needsAGrantThatCoversIt() {
    grant(
        key,
        ALICE.arn(),
        List.of(GrantOperation.CreateGrant, GrantOperation.Decrypt),
        new GrantConstraints(DEPT, null, null));
    Grant covered = KeyFixtures.grant(key.keyId(), "arn:aws:iam::111122223333:user/carol");
    Grant narrower =
        new Grant(
            Grant.newId(),
            key.keyId(),
            null,
            "arn:aws:iam::111122223333:user/carol",
            null,
            null,
            null,
            List.of(GrantOperation.Decrypt),
            new GrantConstraints(DEPT, null, null),
            "arn:aws:iam::111122223333:root",
            NOW);

    assertThat(authority.allows(KeyAccess.creatingGrant(key, null, null, narrower), ALICE, NOW))
        .isEqualTo(Decision.ALLOW);
    assertThat(authority.allows(KeyAccess.creatingGrant(key, null, null, covered), ALICE, NOW))
        .isEqualTo(Decision.NOT_ALLOWED);
  }

  @Test
  void grantTokens_areRead_aMalformedOneIsRefused_aValidOneAddsNothing() {
    Grant bobs =
        grant(key, "arn:aws:iam::111122223333:user/bob", List.of(GrantOperation.Encrypt), null);
    String bobsToken = GrantToken.issue(bobs);

    KmsException e =
        catchThrowableOfType(
            KmsException.class,
            () ->
                authority.allows(
                    KeyAccess.grantable("Encrypt", key, null, null, List.of("bogus")), ALICE, NOW));
    assertThat(e.type()).isEqualTo(KmsErrorType.INVALID_GRANT_TOKEN);
    assertThat(
            authority.allows(
                KeyAccess.grantable("Encrypt", key, null, null, List.of(bobsToken)), ALICE, NOW))
        .isEqualTo(Decision.NOT_ALLOWED);
  }

  @Test
  void oneLookupPerQuestion_readingOnlyTheCallersScope() {
    for (int i = 0; i < 20; i++) {
      grant(key, "arn:aws:iam::222233334444:user/u" + i, List.of(GrantOperation.Encrypt), null);
    }
    grant(key, ALICE.arn(), List.of(GrantOperation.Encrypt), null);
    long before = store.itemsRead();

    assertThat(use(key, ALICE, "Encrypt", Map.of())).isEqualTo(Decision.ALLOW);

    assertThat(store.itemsRead() - before).isLessThanOrEqualTo(2);
  }
}
