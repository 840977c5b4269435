package dev.serverlesskms.store.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.GrantConstraints;
import dev.serverlesskms.core.model.GrantOperation;
import dev.serverlesskms.core.model.KeyId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * A grant, stored three times with the same attributes and written together in one transaction (the
 * alias-copy trick, twice over):
 *
 * <ul>
 *   <li>the grant itself, {@code pk = KEY#<keyId>, sk = GRANT#<grantId>}: found by id, listed by
 *       id, counted;
 *   <li>its grantee copy, {@code pk = KEY#<keyId>, sk = GRANTEE#<scope>#<grantee>#<grantId>}: the
 *       grants of one account (or service) on a key are one Query ({@code begins_with
 *       GRANTEE#<scope>#}), those of one grantee too ({@code GRANTEE#<scope>#<grantee>#});
 *   <li>if it has a retiring principal, its retiring copy, {@code pk = RETIRING#<retiree>, sk =
 *       <keyId>#<grantId>}: ListRetirableGrants is one Query of that partition.
 * </ul>
 *
 * All three are table items, so every read of them is strongly consistent (no index). In a key's
 * partition they sort after the alias copies and before {@code META}, so {@code find} never reads
 * them. Principals never contain {@code #}, so each prefix names exactly its items.
 */
final class GrantItem {
  static final String GRANTEE = "grantee";
  static final String RETIREE = "retiree";

  String pk;
  String sk;
  String grantId;
  String grantKeyId;
  String grantName;
  String granteePrincipal;
  String granteeServicePrincipal;
  String retiringPrincipal;
  String retiringServicePrincipal;
  List<String> operations;
  Map<String, String> ecSubset;
  Map<String, String> ecEquals;
  String sourceArn;
  Boolean constrained;
  String issuingAccount;
  Instant grantCreated;

  static final TableSchema<GrantItem> SCHEMA =
      StaticTableSchema.builder(GrantItem.class)
          .newItemSupplier(GrantItem::new)
          .addAttribute(
              String.class,
              a ->
                  a.name(KeyTableDefinition.PARTITION_KEY)
                      .getter(i -> i.pk)
                      .setter((i, v) -> i.pk = v)
                      .tags(primaryPartitionKey()))
          .addAttribute(
              String.class,
              a ->
                  a.name(KeyTableDefinition.SORT_KEY)
                      .getter(i -> i.sk)
                      .setter((i, v) -> i.sk = v)
                      .tags(primarySortKey()))
          .addAttribute(
              String.class,
              a -> a.name("grantId").getter(i -> i.grantId).setter((i, v) -> i.grantId = v))
          .addAttribute(
              String.class,
              a ->
                  a.name("grantKeyId").getter(i -> i.grantKeyId).setter((i, v) -> i.grantKeyId = v))
          .addAttribute(
              String.class,
              a -> a.name("grantName").getter(i -> i.grantName).setter((i, v) -> i.grantName = v))
          .addAttribute(
              String.class,
              a ->
                  a.name(GRANTEE)
                      .getter(i -> i.granteePrincipal)
                      .setter((i, v) -> i.granteePrincipal = v))
          .addAttribute(
              String.class,
              a ->
                  a.name("granteeService")
                      .getter(i -> i.granteeServicePrincipal)
                      .setter((i, v) -> i.granteeServicePrincipal = v))
          .addAttribute(
              String.class,
              a ->
                  a.name("retiring")
                      .getter(i -> i.retiringPrincipal)
                      .setter((i, v) -> i.retiringPrincipal = v))
          .addAttribute(
              String.class,
              a ->
                  a.name("retiringService")
                      .getter(i -> i.retiringServicePrincipal)
                      .setter((i, v) -> i.retiringServicePrincipal = v))
          .addAttribute(
              EnhancedType.listOf(String.class),
              a ->
                  a.name("operations").getter(i -> i.operations).setter((i, v) -> i.operations = v))
          .addAttribute(
              EnhancedType.mapOf(String.class, String.class),
              a -> a.name("ecSubset").getter(i -> i.ecSubset).setter((i, v) -> i.ecSubset = v))
          .addAttribute(
              EnhancedType.mapOf(String.class, String.class),
              a -> a.name("ecEquals").getter(i -> i.ecEquals).setter((i, v) -> i.ecEquals = v))
          .addAttribute(
              String.class,
              a -> a.name("sourceArn").getter(i -> i.sourceArn).setter((i, v) -> i.sourceArn = v))
          .addAttribute(
              Boolean.class,
              a ->
                  a.name("constrained")
                      .getter(i -> i.constrained)
                      .setter((i, v) -> i.constrained = v))
          .addAttribute(
              String.class,
              a ->
                  a.name("issuingAccount")
                      .getter(i -> i.issuingAccount)
                      .setter((i, v) -> i.issuingAccount = v))
          .addAttribute(
              Instant.class,
              a ->
                  a.name("grantCreated")
                      .getter(i -> i.grantCreated)
                      .setter((i, v) -> i.grantCreated = v))
          .build();

  /** The grant item proper. */
  static GrantItem of(ItemKeys keys, Grant grant) {
    GrantItem item = withAttributes(grant);
    item.pk = keys.keyPartition(grant.keyId());
    item.sk = ItemKeys.grantSortKey(grant.grantId());
    return item;
  }

  /** Its copy under its grantee's scope, in the key's partition. */
  static GrantItem granteeCopyOf(ItemKeys keys, Grant grant) {
    GrantItem item = withAttributes(grant);
    item.pk = keys.keyPartition(grant.keyId());
    item.sk = ItemKeys.granteeCopySortKey(grant);
    return item;
  }

  /** Its copy in its retiring principal's partition (only for grants that have one). */
  static GrantItem retiringCopyOf(ItemKeys keys, Grant grant) {
    GrantItem item = withAttributes(grant);
    item.pk = keys.retiringPartition(grant.retiree());
    item.sk = ItemKeys.retiringCopySortKey(grant.keyId(), grant.grantId());
    return item;
  }

  Grant toGrant() {
    return new Grant(
        grantId,
        new KeyId(grantKeyId),
        grantName,
        granteePrincipal,
        granteeServicePrincipal,
        retiringPrincipal,
        retiringServicePrincipal,
        operations.stream().map(GrantOperation::valueOf).toList(),
        Boolean.TRUE.equals(constrained)
            ? new GrantConstraints(ecSubset, ecEquals, sourceArn)
            : null,
        issuingAccount,
        grantCreated);
  }

  private static GrantItem withAttributes(Grant grant) {
    GrantItem item = new GrantItem();
    item.grantId = grant.grantId();
    item.grantKeyId = grant.keyId().value();
    item.grantName = grant.name();
    item.granteePrincipal = grant.granteePrincipal();
    item.granteeServicePrincipal = grant.granteeServicePrincipal();
    item.retiringPrincipal = grant.retiringPrincipal();
    item.retiringServicePrincipal = grant.retiringServicePrincipal();
    item.operations = grant.operations().stream().map(GrantOperation::name).toList();
    GrantConstraints constraints = grant.constraints();
    if (constraints != null) {
      // "constrained" tells a Constraints with no member from none at all.
      item.constrained = true;
      item.ecSubset = constraints.encryptionContextSubset();
      item.ecEquals = constraints.encryptionContextEquals();
      item.sourceArn = constraints.sourceArn();
    }
    item.issuingAccount = grant.issuingAccount();
    item.grantCreated = grant.creationDate();
    return item;
  }
}
