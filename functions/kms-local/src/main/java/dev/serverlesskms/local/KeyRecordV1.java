package dev.serverlesskms.local;

import dev.serverlesskms.core.model.KeyManager;
import java.util.List;

/**
 * The persisted form of a key in record format 1, as releases before AWS managed keys wrote it:
 * {@link KeyRecord} without {@code keyManager}. Frozen: it is only read, and every key it holds is
 * a customer managed key (nothing else existed then). The next write of the key stores format 2.
 */
record KeyRecordV1(
    int format,
    String keyId,
    String arn,
    String creationDate,
    String description,
    String keySpec,
    String keyUsage,
    String origin,
    String state,
    String deletionDate,
    Integer pendingWindowInDays,
    String policy,
    List<KeyRecord.TagRecord> tags,
    List<KeyRecord.VersionRecord> versions,
    KeyRecord.RotationRecord rotation,
    KeyRecord.ImportRecord importedMaterial,
    long revision,
    String dueIndexEntry) {

  static final int FORMAT = 1;

  /** The same key in the current format. */
  KeyRecord current() {
    return new KeyRecord(
        KeyRecord.FORMAT,
        keyId,
        arn,
        creationDate,
        description,
        keySpec,
        keyUsage,
        origin,
        state,
        deletionDate,
        pendingWindowInDays,
        policy,
        KeyManager.CUSTOMER.name(),
        tags,
        versions,
        rotation,
        importedMaterial,
        revision,
        dueIndexEntry);
  }
}
