package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;

/**
 * The GenerateDataKeyPair response.
 *
 * @param privateKeyCiphertextBlob the private key encrypted under the KMS key: a ciphertext blob
 *     that Decrypt takes, with the request's encryption context
 * @param privateKeyPlaintext the private key, PKCS#8 DER
 * @param publicKey X.509 SubjectPublicKeyInfo, DER
 */
public record GenerateDataKeyPairResponse(
    byte[] privateKeyCiphertextBlob,
    byte[] privateKeyPlaintext,
    byte[] publicKey,
    String keyId,
    DataKeyPairSpec keyPairSpec,
    String keyMaterialId)
    implements KmsResponse {}
