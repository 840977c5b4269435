package dev.serverlesskms.local;

import dev.serverlesskms.core.model.Alias;
import dev.serverlesskms.core.model.KeyId;
import java.time.Instant;

/**
 * The persisted form of an {@link Alias} (record format 1), written as JSON by {@link RecordJson};
 * a separate type for the same reason as {@link KeyRecord}: what lies on disk does not follow model
 * refactorings by accident.
 */
record AliasRecord(
    int format, String aliasName, String targetKeyId, String creationDate, String lastUpdatedDate) {

  static final int FORMAT = 1;

  static AliasRecord of(Alias alias) {
    return new AliasRecord(
        FORMAT,
        alias.aliasName(),
        alias.targetKeyId().value(),
        alias.creationDate().toString(),
        alias.lastUpdatedDate().toString());
  }

  Alias toAlias() {
    return new Alias(
        aliasName,
        new KeyId(targetKeyId),
        Instant.parse(creationDate),
        Instant.parse(lastUpdatedDate));
  }
}
