package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.EncryptionAlgorithm;
import dev.serverlesskms.core.model.KeyAgreementAlgorithm;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.SigningAlgorithm;
import java.util.List;

/**
 * The GetPublicKey response: the public key as X.509 SubjectPublicKeyInfo (DER), with the key's
 * spec (also as the deprecated CustomerMasterKeySpec), usage, and the algorithm list of its usage
 * (the others {@code null}, absent on the wire).
 */
public record GetPublicKeyResponse(
    String keyId,
    byte[] publicKey,
    KeySpec customerMasterKeySpec,
    KeySpec keySpec,
    KeyUsage keyUsage,
    List<EncryptionAlgorithm> encryptionAlgorithms,
    List<SigningAlgorithm> signingAlgorithms,
    List<KeyAgreementAlgorithm> keyAgreementAlgorithms)
    implements KmsResponse {}
