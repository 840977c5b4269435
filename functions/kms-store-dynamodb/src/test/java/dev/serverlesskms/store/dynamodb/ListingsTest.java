package dev.serverlesskms.store.dynamodb;

import static dev.serverlesskms.testkit.KeyFixtures.alias;
import static dev.serverlesskms.testkit.KeyFixtures.enabledKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.model.Alias;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.Page;
import dev.serverlesskms.testkit.KeyFixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Paging details beyond the contract: cursors, page bounds, and resuming after a deleted item. */
class ListingsTest extends LocalTableTest {

  @Test
  void aliasesOfAKey_resumeAfterTheCursorsAlias_evenOnceItIsDeleted() {
    KmsKey key = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    for (String name : List.of("alias/a", "alias/b", "alias/c", "alias/d", "alias/e")) {
      store.createAlias(alias(name, key.keyId()), KeyFixtures.auditRecord());
    }

    Page<Alias> first = store.listAliases(key.keyId(), null, 2);
    store.deleteAlias("alias/b", KeyFixtures.auditRecord()); // the cursor's position
    Page<Alias> second = store.listAliases(key.keyId(), first.nextCursor(), 2);
    Page<Alias> third = store.listAliases(key.keyId(), second.nextCursor(), 2);

    assertThat(names(first)).containsExactly("alias/a", "alias/b");
    assertThat(names(second)).containsExactly("alias/c", "alias/d");
    assertThat(names(third)).containsExactly("alias/e");
    assertThat(third.truncated()).isFalse();
  }

  @Test
  void allAliases_resumeAfterTheCursorsAlias_evenOnceItIsDeleted() {
    KmsKey key = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    for (String name : List.of("alias/a", "alias/b", "alias/c")) {
      store.createAlias(alias(name, key.keyId()), KeyFixtures.auditRecord());
    }

    Page<Alias> first = store.listAliases(null, null, 2);
    store.deleteAlias("alias/b", KeyFixtures.auditRecord());
    Page<Alias> second = store.listAliases(null, first.nextCursor(), 2);

    assertThat(names(second)).containsExactly("alias/c");
  }

  @Test
  void limitsOutsideTheirRange_areRejectedBeforeAnyRequest() {
    assertThatThrownBy(() -> store.listKeys(null, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.listKeys(null, 1001))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.listAliases(null, null, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.listAliases(KeyId.random(), null, 1001))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.findDue(Instant.EPOCH, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(LOG.kinds()).isEmpty();
  }

  @Test
  void aliasCount_ofAKeyWithFiftyAliases_isOneQuery() {
    KmsKey key = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      names.add("alias/n" + i);
      store.createAlias(alias(names.get(i), key.keyId()), KeyFixtures.auditRecord());
    }
    LOG.clear();

    assertThat(store.countAliases(key.keyId())).isEqualTo(50);
    assertThat(LOG.kinds()).containsExactly("QueryRequest");
  }

  private static List<String> names(Page<Alias> page) {
    return page.items().stream().map(Alias::aliasName).toList();
  }
}
