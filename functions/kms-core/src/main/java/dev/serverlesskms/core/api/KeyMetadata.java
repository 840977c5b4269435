package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.EncryptionAlgorithm;
import dev.serverlesskms.core.model.ExpirationModel;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.Origin;
import java.time.Instant;
import java.util.List;

/**
 * The KeyMetadata structure of CreateKey and DescribeKey. On the wire the first member is spelled
 * {@code AWSAccountId}; the wire layer maps that one name.
 */
public record KeyMetadata(
    String awsAccountId,
    String keyId,
    String arn,
    Instant creationDate,
    Boolean enabled,
    String description,
    KeyUsage keyUsage,
    KeyState keyState,
    Instant deletionDate,
    Instant validTo,
    Origin origin,
    String keyManager,
    KeySpec customerMasterKeySpec,
    KeySpec keySpec,
    List<EncryptionAlgorithm> encryptionAlgorithms,
    Boolean multiRegion,
    Integer pendingDeletionWindowInDays,
    ExpirationModel expirationModel,
    String currentKeyMaterialId,
    String customKeyStoreId,
    String cloudHsmClusterId) {}
