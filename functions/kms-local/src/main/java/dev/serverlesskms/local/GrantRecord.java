package dev.serverlesskms.local;

import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.GrantConstraints;
import dev.serverlesskms.core.model.GrantOperation;
import dev.serverlesskms.core.model.KeyId;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The persisted form of a {@link Grant} (record format 1), written as JSON by {@link RecordJson}; a
 * separate type for the same reason as {@link KeyRecord}. Operations are stored by their wire names
 * (frozen, see {@code PersistedNamesTest}), instants as ISO-8601 strings.
 */
record GrantRecord(
    int format,
    String grantId,
    String keyId,
    String name,
    String granteePrincipal,
    String granteeServicePrincipal,
    String retiringPrincipal,
    String retiringServicePrincipal,
    List<String> operations,
    ConstraintsRecord constraints,
    String issuingAccount,
    String creationDate) {

  static final int FORMAT = 1;

  record ConstraintsRecord(
      Map<String, String> encryptionContextSubset,
      Map<String, String> encryptionContextEquals,
      String sourceArn) {}

  static GrantRecord of(Grant grant) {
    GrantConstraints c = grant.constraints();
    return new GrantRecord(
        FORMAT,
        grant.grantId(),
        grant.keyId().value(),
        grant.name(),
        grant.granteePrincipal(),
        grant.granteeServicePrincipal(),
        grant.retiringPrincipal(),
        grant.retiringServicePrincipal(),
        grant.operations().stream().map(GrantOperation::name).toList(),
        c == null
            ? null
            : new ConstraintsRecord(
                c.encryptionContextSubset(), c.encryptionContextEquals(), c.sourceArn()),
        grant.issuingAccount(),
        grant.creationDate().toString());
  }

  Grant toGrant() {
    return new Grant(
        grantId,
        new KeyId(keyId),
        name,
        granteePrincipal,
        granteeServicePrincipal,
        retiringPrincipal,
        retiringServicePrincipal,
        operations.stream().map(GrantOperation::valueOf).toList(),
        constraints == null
            ? null
            : new GrantConstraints(
                constraints.encryptionContextSubset(),
                constraints.encryptionContextEquals(),
                constraints.sourceArn()),
        issuingAccount,
        Instant.parse(creationDate));
  }
}
