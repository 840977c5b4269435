package dev.serverlesskms.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.serverlesskms.core.model.Alias;
import dev.serverlesskms.core.model.CustomKeyStore;
import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.KeyLastUsage;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.MultiRegion;
import dev.serverlesskms.core.port.StoreUnavailableException;

/**
 * Reads and writes the stored records as JSON. Reading is strict (every field present, no unknown
 * field, a known format) because a record that does not parse exactly is damaged or from another
 * release: it surfaces as {@link StoreUnavailableException} rather than as a key with guessed
 * fields.
 */
final class RecordJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private RecordJson() {}

  static String write(Object record) {
    try {
      return MAPPER.writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new StoreUnavailableException(
          "cannot serialize " + record.getClass().getSimpleName(), e);
    }
  }

  /** A stored key record: format 2, or format 1 (a customer managed key), strictly either. */
  static KeyRecord keyRecord(String json) {
    JsonNode tree = readTree(json, KeyRecord.class);
    int format = tree.path("format").asInt(-1);
    if (format == KeyRecordV1.FORMAT) {
      return convert(tree, KeyRecordV1.class).current();
    }
    requireFormat(format, KeyRecord.FORMAT, "key");
    return convert(tree, KeyRecord.class);
  }

  static KmsKey key(String json) {
    KeyRecord record = keyRecord(json);
    try {
      return record.toKey();
    } catch (RuntimeException e) {
      throw new StoreUnavailableException(
          "stored key " + record.keyId() + " is not a valid key", e);
    }
  }

  static Alias alias(String json) {
    AliasRecord record = read(json, AliasRecord.class);
    requireFormat(record.format(), AliasRecord.FORMAT, "alias");
    try {
      return record.toAlias();
    } catch (RuntimeException e) {
      throw new StoreUnavailableException(
          "stored alias " + record.aliasName() + " is not a valid alias", e);
    }
  }

  static Grant grant(String json) {
    GrantRecord record = read(json, GrantRecord.class);
    requireFormat(record.format(), GrantRecord.FORMAT, "grant");
    try {
      return record.toGrant();
    } catch (RuntimeException e) {
      throw new StoreUnavailableException(
          "stored grant " + record.grantId() + " is not a valid grant", e);
    }
  }

  static CustomKeyStore customKeyStore(String json) {
    CustomKeyStoreRecord record = read(json, CustomKeyStoreRecord.class);
    requireFormat(record.format(), CustomKeyStoreRecord.FORMAT, "custom key store");
    try {
      return record.toCustomKeyStore();
    } catch (RuntimeException e) {
      throw new StoreUnavailableException(
          "stored custom key store " + record.id() + " is not a valid custom key store", e);
    }
  }

  static KeyLastUsage keyLastUsage(String json) {
    KeyLastUsageRecord record = read(json, KeyLastUsageRecord.class);
    requireFormat(record.format(), KeyLastUsageRecord.FORMAT, "key last usage");
    try {
      return record.toKeyLastUsage();
    } catch (RuntimeException e) {
      throw new StoreUnavailableException(
          "stored last usage of key " + record.keyId() + " is not valid", e);
    }
  }

  static MultiRegion multiRegion(String json) {
    MultiRegionRecord record = read(json, MultiRegionRecord.class);
    requireFormat(record.format(), MultiRegionRecord.FORMAT, "multi-Region configuration");
    try {
      return record.toMultiRegion();
    } catch (RuntimeException e) {
      throw new StoreUnavailableException("stored multi-Region configuration is not valid", e);
    }
  }

  private static JsonNode readTree(String json, Class<?> type) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new StoreUnavailableException(
          "unreadable " + type.getSimpleName() + " in the key store", e);
    }
  }

  private static <T> T convert(JsonNode tree, Class<T> type) {
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new StoreUnavailableException(
          "unreadable " + type.getSimpleName() + " in the key store", e);
    }
  }

  private static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new StoreUnavailableException(
          "unreadable " + type.getSimpleName() + " in the key store", e);
    }
  }

  private static void requireFormat(int found, int expected, String what) {
    if (found != expected) {
      throw new StoreUnavailableException(
          "stored "
              + what
              + " has record format "
              + found
              + "; this release reads format "
              + expected,
          null);
    }
  }
}
