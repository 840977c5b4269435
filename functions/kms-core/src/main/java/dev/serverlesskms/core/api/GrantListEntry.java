package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.GrantConstraints;
import dev.serverlesskms.core.model.GrantOperation;
import java.time.Instant;
import java.util.List;

/**
 * One grant in ListGrants or ListRetirableGrants, as AWS shows it: {@code keyId} is the key ARN,
 * {@code issuingAccount} the account root ARN, {@code name} empty for a grant without one.
 */
public record GrantListEntry(
    String keyId,
    String grantId,
    String name,
    Instant creationDate,
    String granteePrincipal,
    String retiringPrincipal,
    String issuingAccount,
    List<GrantOperation> operations,
    GrantConstraints constraints,
    String granteeServicePrincipal,
    String retiringServicePrincipal) {}
