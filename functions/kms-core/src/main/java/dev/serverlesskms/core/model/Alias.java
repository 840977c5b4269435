package dev.serverlesskms.core.model;

import java.time.Instant;
import java.util.Objects;

/** An alias ({@code alias/<name>}) pointing at one key. */
public record Alias(
    String aliasName, KeyId targetKeyId, Instant creationDate, Instant lastUpdatedDate) {
  public Alias {
    Objects.requireNonNull(aliasName, "aliasName");
    Objects.requireNonNull(targetKeyId, "targetKeyId");
    Objects.requireNonNull(creationDate, "creationDate");
    Objects.requireNonNull(lastUpdatedDate, "lastUpdatedDate");
  }

  public Alias retarget(KeyId newTarget, Instant now) {
    return new Alias(aliasName, newTarget, creationDate, now);
  }
}
