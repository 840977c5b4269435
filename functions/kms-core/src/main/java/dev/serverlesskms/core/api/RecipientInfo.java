package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.KeyEncryptionMechanism;

/**
 * The {@code Recipient} member of GenerateDataKeyPair and DeriveSharedSecret (and, on AWS, of
 * Decrypt, GenerateDataKey and GenerateRandom): an AWS Nitro Enclaves or NitroTPM attestation
 * document whose public key the response's secret would be encrypted to.
 *
 * @param attestationDocument the signed attestation document, 1..262144 bytes
 * @param keyEncryptionAlgorithm only RSAES_OAEP_SHA_256
 */
public record RecipientInfo(
    byte[] attestationDocument, KeyEncryptionMechanism keyEncryptionAlgorithm) {}
