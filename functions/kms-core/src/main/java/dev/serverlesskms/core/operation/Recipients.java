package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.RecipientInfo;
import dev.serverlesskms.core.error.Validation;

/**
 * The {@code Recipient} member (AWS Nitro Enclaves / NitroTPM attestation). AWS answers such a
 * request only for an attestation document signed under the AWS Nitro PKI, and then returns the
 * secret encrypted to the document's public key instead of in the clear. This KMS has no such trust
 * anchor to verify a document against, so it refuses every attestation document, as AWS refuses one
 * it cannot verify, rather than ignore it and return in the clear a secret the caller asked never
 * to see that way.
 */
final class Recipients {
  static final int MAX_ATTESTATION_DOCUMENT_BYTES = 262144;

  private Recipients() {}

  /**
   * Refuses a Recipient that carries an attestation document; one without a document asks for
   * nothing and is ignored.
   */
  static void requireNone(RecipientInfo recipient) {
    if (recipient == null || recipient.attestationDocument() == null) {
      return;
    }
    Validation.blobLength(
        recipient.attestationDocument(),
        1,
        MAX_ATTESTATION_DOCUMENT_BYTES,
        "recipient.attestationDocument");
    // Inferred: AWS's exact text for an attestation document it cannot verify is not known here.
    throw Validation.plain(
        "The attestation document in Recipient could not be verified: this KMS does not support"
            + " AWS Nitro Enclaves or NitroTPM attestation.");
  }
}
