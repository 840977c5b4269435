package dev.serverlesskms.store.dynamodb;

import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.KeyId;
import java.util.Locale;
import software.amazon.awssdk.enhanced.dynamodb.Key;

/**
 * The partition and sort key values of every item of one region, in one place (the layout is in
 * {@link KeyTableDefinition}). Sort keys of one key's partition order as {@code ACTIVITY} &lt;
 * {@code ALIAS#...} &lt; {@code GRANT#...} &lt; {@code GRANTEE#...} &lt; {@code META} &lt; {@code
 * V#...}, which lets {@code find} read the metadata and versions with one range condition ({@code
 * sk >= META}) and skip everything else.
 *
 * <p>Regions: the default region's items have the layout they had before regions existed (no
 * prefix), so a table written then reads unchanged. Every partition value of another region, those
 * of the listing and due indexes included, starts with {@code <region>#} (for example {@code
 * eu-west-1#KEY#<id>}, {@code eu-west-1#DUE}): region names are lowercase and every unprefixed
 * partition starts with an uppercase word, so no two regions' partitions can meet. Sort keys are
 * the same in every region. Shared by every region: the {@code OUTBOX} partition and the {@code
 * REGIONS} partition (one counter item per region, which is also the registry of regions).
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

  /**
   * The sort key of a key's activity item: its grant count and its last use, the things that change
   * without changing the key (no revision). Sorts before every other item of the partition.
   */
  static final String ACTIVITY = "ACTIVITY";

  /** The listing index partitions (of the default region; others are prefixed). */
  static final String KEYS_LISTING = "KEYS";

  static final String ALIASES_LISTING = "ALIASES";

  /** The due index partition (of the default region; others are prefixed). */
  static final String DUE = "DUE";

  /** The partition of audit records committed with their changes and not yet delivered. */
  static final String OUTBOX = "OUTBOX";

  /** The partition of the regions' counter items ({@code sk = <region>}): shared, unprefixed. */
  static final String REGIONS = "REGIONS";

  static final String CUSTOM_KEY_STORES = "CUSTOM_KEY_STORES";
  static final String CUSTOM_KEY_STORE_NAMES = "CUSTOM_KEY_STORE_NAMES";
  static final String CUSTOM_KEY_STORE_MEMBERS_PREFIX = "CKS_KEYS#";

  private final String region;
  private final String prefix;

  private ItemKeys(String region, String prefix) {
    this.region = region;
    this.prefix = prefix;
  }

  /** The keys of the default region: today's layout, no prefix. */
  static ItemKeys defaultRegion(String region) {
    return new ItemKeys(region, "");
  }

  /** The keys of another region: every partition value prefixed with {@code <region>#}. */
  static ItemKeys otherRegion(String region) {
    return new ItemKeys(region, region + "#");
  }

  String region() {
    return region;
  }

  boolean isDefaultRegion() {
    return prefix.isEmpty();
  }

  String keyPartition(KeyId keyId) {
    return prefix + KEY_PREFIX + keyId.value();
  }

  /** The key id of a key partition value of any region (key ids never contain {@code #}). */
  static KeyId keyIdOf(String keyPartition) {
    int at = keyPartition.lastIndexOf(KEY_PREFIX);
    if (at < 0) {
      throw new IllegalArgumentException("not a key partition: " + keyPartition);
    }
    return new KeyId(keyPartition.substring(at + KEY_PREFIX.length()));
  }

  /** Zero-padded to 10 digits, so versions sort by number (versions are positive ints). */
  static String versionSortKey(int number) {
    return VERSION_PREFIX + String.format(Locale.ROOT, "%010d", number);
  }

  String aliasPartition(String aliasName) {
    return prefix + ALIAS_PREFIX + aliasName;
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

  String retiringPartition(String retiree) {
    return prefix + RETIRING_PREFIX + retiree;
  }

  static String retiringCopySortKey(KeyId keyId, String grantId) {
    return keyId.value() + "#" + grantId;
  }

  String keysListing() {
    return prefix + KEYS_LISTING;
  }

  String aliasesListing() {
    return prefix + ALIASES_LISTING;
  }

  String due() {
    return prefix + DUE;
  }

  String customKeyStores() {
    return prefix + CUSTOM_KEY_STORES;
  }

  String customKeyStoreNames() {
    return prefix + CUSTOM_KEY_STORE_NAMES;
  }

  String customKeyStoreMembers(String storeId) {
    return prefix + CUSTOM_KEY_STORE_MEMBERS_PREFIX + storeId;
  }

  Key grant(KeyId keyId, String grantId) {
    return key(keyPartition(keyId), grantSortKey(grantId));
  }

  Key meta(KeyId keyId) {
    return key(keyPartition(keyId), META);
  }

  Key activity(KeyId keyId) {
    return key(keyPartition(keyId), ACTIVITY);
  }

  Key version(KeyId keyId, int number) {
    return key(keyPartition(keyId), versionSortKey(number));
  }

  Key alias(String aliasName) {
    return key(aliasPartition(aliasName), ALIAS);
  }

  Key aliasCopy(KeyId keyId, String aliasName) {
    return key(keyPartition(keyId), aliasCopySortKey(aliasName));
  }

  Key customKeyStore(String storeId) {
    return key(customKeyStores(), storeId);
  }

  Key customKeyStoreName(String name) {
    return key(customKeyStoreNames(), name);
  }

  /** This region's counter item, which also registers the region ({@code REGIONS / <region>}). */
  Key regionCounter() {
    return key(REGIONS, region);
  }

  static Key outbox(String recordId) {
    return key(OUTBOX, recordId);
  }

  static Key key(String partition, String sort) {
    return Key.builder().partitionValue(partition).sortValue(sort).build();
  }
}
