package dev.serverlesskms.local;

import dev.serverlesskms.core.model.ConnectionErrorCode;
import dev.serverlesskms.core.model.ConnectionState;
import dev.serverlesskms.core.model.CustomKeyStore;
import dev.serverlesskms.core.model.CustomKeyStoreType;
import dev.serverlesskms.core.model.SealedPassword;

/**
 * The persisted form of a {@link CustomKeyStore} (record format 1), written as JSON by {@link
 * RecordJson}. Frozen like {@link KeyRecord}: enums by name, instants as ISO-8601, the sealed
 * password as base64 (it is sealed by the enclave side; never the password itself).
 */
record CustomKeyStoreRecord(
    int format,
    String id,
    String name,
    String type,
    String cloudHsmClusterId,
    String trustAnchorCertificate,
    byte[] password,
    String connectionState,
    String connectionErrorCode,
    String creationDate,
    long keyCount,
    long revision) {

  static final int FORMAT = 1;

  static CustomKeyStoreRecord of(CustomKeyStore s) {
    return new CustomKeyStoreRecord(
        FORMAT,
        s.id(),
        s.name(),
        s.type().name(),
        s.cloudHsmClusterId(),
        s.trustAnchorCertificate(),
        s.password().bytes(),
        s.connectionState().name(),
        s.connectionErrorCode() == null ? null : s.connectionErrorCode().name(),
        KeyRecord.format(s.creationDate()),
        s.keyCount(),
        s.revision());
  }

  CustomKeyStore toCustomKeyStore() {
    return new CustomKeyStore(
        id,
        name,
        CustomKeyStoreType.valueOf(type),
        cloudHsmClusterId,
        trustAnchorCertificate,
        new SealedPassword(password),
        ConnectionState.valueOf(connectionState),
        connectionErrorCode == null ? null : ConnectionErrorCode.valueOf(connectionErrorCode),
        KeyRecord.parse(creationDate),
        keyCount,
        revision);
  }
}
