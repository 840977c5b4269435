package dev.serverlesskms.store.dynamodb;

import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.KeyId;
import java.util.Locale;
import software.amazon.awssdk.enhanced.dynamodb.Key;

/**
 * The partition and sort key values of every item, in one place (the layout is in {@link
 * KeyTableDefinition}). Sort keys of one key's partition order as {@code ALIAS#...} &lt; {@code
 * GRANT#...} &lt; {@code GRANTEE#...} &lt; {@code META} &lt; {@code V#...}, which lets {@code find}
 * read the metadata and versions with one range condition ({@code sk >= META}) and skip the alias
 * and grant items.
 */
final class ItemKeys {
  static final String KEY_PREFIX = "KEY#";
  static final String META = "META";
  static final String VERSION_PREFIX = "V#";
  static final String ALIAS_PREFIX = "ALIAS#";
  static final String ALIAS = "ALIAS";
  static final String GRANT_PREFIX = "GRANT#";
  static final String GRANTEE_PREFIX = "GRANTEE#";
  static final String RETIRING_PREFIX = "RETIRING#";

  /** The listing index partitions. */
  static final String KEYS_LISTING = "KEYS";

  static final String ALIASES_LISTING = "ALIASES";

  /** The due index's only partition. */
  static final String DUE = "DUE";

  /** The partition of audit records committed with their changes and not yet delivered. */
  static final String OUTBOX = "OUTBOX";

  private ItemKeys() {}

  static String keyPartition(KeyId keyId) {
    return KEY_PREFIX + keyId.value();
  }

  static KeyId keyIdOf(String keyPartition) {
    if (!keyPartition.startsWith(KEY_PREFIX)) {
      throw new IllegalArgumentException("not a key partition: " + keyPartition);
    }
    return new KeyId(keyPartition.substring(KEY_PREFIX.length()));
  }

  /** Zero-padded to 10 digits, so versions sort by number (versions are positive ints). */
  static String versionSortKey(int number) {
    return VERSION_PREFIX + String.format(Locale.ROOT, "%010d", number);
  }

  static String aliasPartition(String aliasName) {
    return ALIAS_PREFIX + aliasName;
  }

  /** The sort key of the copy of an alias kept in its target key's partition. */
  static String aliasCopySortKey(String aliasName) {
    return ALIAS_PREFIX + aliasName;
  }

  static String grantSortKey(String grantId) {
    return GRANT_PREFIX + grantId;
  }

  /** {@code GRANTEE#<scope>#}: the prefix of the grantee copies of one scope's grants. */
  static String granteeScopePrefix(String scope) {
    return GRANTEE_PREFIX + scope + "#";
  }

  /** {@code GRANTEE#<scope>#<grantee>#}: the prefix of the grantee copies of one grantee. */
  static String granteePrefix(String grantee) {
    return granteeScopePrefix(Grant.scopeOf(grantee)) + grantee + "#";
  }

  static String granteeCopySortKey(Grant grant) {
    return granteePrefix(grant.grantee()) + grant.grantId();
  }

  static String retiringPartition(String retiree) {
    return RETIRING_PREFIX + retiree;
  }

  static String retiringCopySortKey(KeyId keyId, String grantId) {
    return keyId.value() + "#" + grantId;
  }

  static Key grant(KeyId keyId, String grantId) {
    return key(keyPartition(keyId), grantSortKey(grantId));
  }

  static Key meta(KeyId keyId) {
    return key(keyPartition(keyId), META);
  }

  static Key version(KeyId keyId, int number) {
    return key(keyPartition(keyId), versionSortKey(number));
  }

  static Key alias(String aliasName) {
    return key(aliasPartition(aliasName), ALIAS);
  }

  static Key aliasCopy(KeyId keyId, String aliasName) {
    return key(keyPartition(keyId), aliasCopySortKey(aliasName));
  }

  static Key outbox(String recordId) {
    return key(OUTBOX, recordId);
  }

  static Key key(String partition, String sort) {
    return Key.builder().partitionValue(partition).sortValue(sort).build();
  }
}
