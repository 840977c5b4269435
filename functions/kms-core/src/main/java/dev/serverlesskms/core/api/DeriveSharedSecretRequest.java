package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.List;
import java.util.Map;

/**
 * The DeriveSharedSecret request.
 *
 * @param publicKey the peer's public key, X.509 SubjectPublicKeyInfo DER, 1..8192 bytes
 */
public record DeriveSharedSecretRequest(
    String keyId,
    KeyAgreementAlgorithm keyAgreementAlgorithm,
    byte[] publicKey,
    List<String> grantTokens,
    Boolean dryRun,
    RecipientInfo recipient)
    implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    // The key and the algorithm, as for the other cryptographic operations; the peer's public key
    // is not secret but is left out, like every other blob a request carries.
    return AuditFields.of(
        "keyId", keyId, "keyAgreementAlgorithm", keyAgreementAlgorithm, "dryRun", dryRun);
  }
}
