package dev.serverlesskms.store.dynamodb;

import dev.serverlesskms.core.model.Alias;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.port.Page;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;

/**
 * Listings and the due-key lookup: every one a Query (of an index or of one key's partition), none
 * a Scan, each reading about what it returns.
 *
 * <ul>
 *   <li>all keys: index {@code listing}, partition {@code KEYS}, by key id;
 *   <li>all aliases: index {@code listing}, partition {@code ALIASES}, by name;
 *   <li>a key's aliases: the key's partition, {@code sk} beginning with {@code ALIAS#}, by name;
 *   <li>due keys: index {@code due}, sort key at or below {@code <now>#~}, earliest first.
 * </ul>
 *
 * A page reads one item past its limit to know whether another page follows, so a full last page
 * gets no cursor. The next page starts strictly after the last sort key returned, so keys created
 * or deleted between pages never make an unchanged one appear twice or go missing.
 *
 * <p>Index reads are eventually consistent (DynamoDB offers no other for global secondary indexes):
 * a key or alias created a moment ago may be missing from {@code listKeys}, the all-aliases listing
 * or {@code findDue} for about a second in AWS. A key's own aliases are read from its partition,
 * strongly consistent.
 */
final class Listings {
  static final int MAX_PAGE_SIZE = 1000;
  private static final String KEYS = "keys";
  private static final String ALIASES = "aliases";

  private final KeyTable table;
  private final ItemKeys keys;

  Listings(KeyTable table, ItemKeys keys) {
    this.table = table;
    this.keys = keys;
  }

  Page<KeyId> keys(String cursor, int limit) {
    requirePageSize(limit);
    String after = cursor == null ? null : PageCursor.decode(KEYS, cursor);
    if (after != null && !KeyId.isWellFormed(after)) {
      throw new IllegalArgumentException("not a cursor of this store's " + KEYS + " listing");
    }
    List<KeyItem> items =
        table.query(
            table.keys.index(KeyTableDefinition.LISTING_INDEX),
            after(keys.keysListing(), after),
            limit + 1);
    return page(items, limit, KEYS, item -> item.listSk, item -> new KeyId(item.listSk));
  }

  Page<Alias> aliases(String cursor, int limit) {
    requirePageSize(limit);
    String after = cursor == null ? null : PageCursor.decode(ALIASES, cursor);
    List<AliasItem> items =
        table.query(
            table.aliases.index(KeyTableDefinition.LISTING_INDEX),
            after(keys.aliasesListing(), after),
            limit + 1);
    return page(items, limit, ALIASES, item -> item.aliasName, AliasItem::toAlias);
  }

  /** A key's aliases from its own partition; resumes with DynamoDB's ExclusiveStartKey. */
  Page<Alias> aliasesOf(KeyId keyId, String cursor, int limit) {
    requirePageSize(limit);
    String listing = ALIASES + ":" + keyId.value();
    String after = cursor == null ? null : PageCursor.decode(listing, cursor);
    QueryEnhancedRequest.Builder request =
        QueryEnhancedRequest.builder()
            .queryConditional(QueryConditional.sortBeginsWith(keys.aliasCopy(keyId, "")));
    if (after != null) {
      request.exclusiveStartKey(keys.aliasCopy(keyId, after).primaryKeyMap(AliasItem.SCHEMA));
    }
    List<AliasItem> items = table.query(table.aliases, request, limit + 1);
    return page(items, limit, listing, item -> item.aliasName, AliasItem::toAlias);
  }

  /** One query of the sparse due index: reads only entries due at or before {@code now}. */
  List<KeyId> due(Instant now, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    QueryEnhancedRequest.Builder request =
        QueryEnhancedRequest.builder()
            .queryConditional(
                QueryConditional.sortLessThanOrEqualTo(
                    Key.builder()
                        .partitionValue(keys.due())
                        .sortValue(DueIndexKey.upperBound(now))
                        .build()))
            .scanIndexForward(true);
    return table.query(table.keys.index(KeyTableDefinition.DUE_INDEX), request, limit).stream()
        .map(item -> ItemKeys.keyIdOf(item.pk))
        .toList();
  }

  /** The listing partition from the start, or strictly after {@code after}. */
  private static QueryEnhancedRequest.Builder after(String listingPartition, String after) {
    Key.Builder key = Key.builder().partitionValue(listingPartition);
    return QueryEnhancedRequest.builder()
        .queryConditional(
            after == null
                ? QueryConditional.keyEqualTo(key.build())
                : QueryConditional.sortGreaterThan(key.sortValue(after).build()));
  }

  static <I, T> Page<T> page(
      List<I> items,
      int limit,
      String listing,
      Function<I, String> sortKey,
      Function<I, T> toEntry) {
    if (items.size() <= limit) {
      return new Page<>(items.stream().map(toEntry).toList(), null);
    }
    List<I> shown = items.subList(0, limit);
    String cursor = PageCursor.encode(listing, sortKey.apply(shown.get(limit - 1)));
    return new Page<>(shown.stream().map(toEntry).toList(), cursor);
  }

  static void requirePageSize(int limit) {
    if (limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_PAGE_SIZE + ", got " + limit);
    }
  }
}
