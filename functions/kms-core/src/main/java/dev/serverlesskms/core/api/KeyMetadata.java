package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.EncryptionAlgorithm;
import dev.serverlesskms.core.model.ExpirationModel;
import dev.serverlesskms.core.model.KeyAgreementAlgorithm;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.MacAlgorithm;
import dev.serverlesskms.core.model.Origin;
import dev.serverlesskms.core.model.SigningAlgorithm;
import java.time.Instant;
import java.util.List;

/**
 * The KeyMetadata structure of CreateKey and DescribeKey. On the wire the first member is spelled
 * {@code AWSAccountId}; the wire layer maps that one name. The algorithm lists are those of the
 * key's spec and usage, each {@code null} (absent on the wire) when the key has none of that kind,
 * as AWS shows them.
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
    List<SigningAlgorithm> signingAlgorithms,
    List<KeyAgreementAlgorithm> keyAgreementAlgorithms,
    List<MacAlgorithm> macAlgorithms,
    Boolean multiRegion,
    MultiRegionConfiguration multiRegionConfiguration,
    Integer pendingDeletionWindowInDays,
    ExpirationModel expirationModel,
    String currentKeyMaterialId,
    String customKeyStoreId,
    String cloudHsmClusterId) {}
