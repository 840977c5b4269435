package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.DeleteImportedKeyMaterialRequest;
import dev.serverlesskms.core.api.DeleteImportedKeyMaterialResponse;
import dev.serverlesskms.core.api.GetParametersForImportRequest;
import dev.serverlesskms.core.api.GetParametersForImportResponse;
import dev.serverlesskms.core.api.ImportKeyMaterialRequest;
import dev.serverlesskms.core.api.ImportKeyMaterialResponse;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.ExpirationModel;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.WrappingAlgorithm;
import dev.serverlesskms.core.model.WrappingKeySpec;
import dev.serverlesskms.core.operation.KeyResolver.Aliases;
import dev.serverlesskms.core.port.Enclave;
import dev.serverlesskms.core.port.ImportTokenException;
import dev.serverlesskms.core.port.ImportedMaterialException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Bring your own key: KMS {@code GetParametersForImport}, {@code ImportKeyMaterial} and {@code
 * DeleteImportedKeyMaterial}, for keys created with Origin EXTERNAL. The RSA unwrap of the
 * customer's material happens inside the enclave; this class holds AWS's rules around it.
 *
 * <p>A key holds one imported material for life: a re-import (after deletion or expiry, or to
 * change the expiration) must bring the same material, else IncorrectKeyMaterialException. Material
 * is imported as version 1, so ciphertexts made before its deletion decrypt again after re-import.
 *
 * <p>Errors: UnsupportedOperationException (not an EXTERNAL key), KMSInvalidStateException (pending
 * deletion), ValidationException (algorithms refused, ValidTo rules), ExpiredImportTokenException,
 * InvalidImportTokenException, InvalidCiphertextException (material does not unwrap),
 * IncorrectKeyMaterialException (also for material not of the key's spec: a PKCS#8 private key of
 * another type, size or curve, an HMAC key of another length).
 *
 * <p>Keys of every spec but SM2 take imported material: 32 raw bytes for SYMMETRIC_DEFAULT, a
 * PKCS#8 private key for the asymmetric specs (AWS derives the public key, as the enclave does), a
 * raw key for HMAC specs; RSA private keys need an RSA_AES_KEY_WRAP algorithm, being longer than
 * RSA-OAEP carries.
 */
final class ImportOperations {
  static final Duration PARAMETERS_VALIDITY = Duration.ofHours(24);
  static final Duration MAX_VALID_TO = Duration.ofDays(365);

  private final KeyResolver resolver;
  private final KeyChanges changes;
  private final Enclave enclave;

  ImportOperations(KeyResolver resolver, KeyChanges changes, Enclave enclave) {
    this.resolver = resolver;
    this.changes = changes;
    this.enclave = enclave;
  }

  GetParametersForImportResponse parameters(
      GetParametersForImportRequest request, OperationContext context) {
    WrappingAlgorithm algorithm =
        Validation.required(request.wrappingAlgorithm(), "wrappingAlgorithm");
    WrappingKeySpec spec = Validation.required(request.wrappingKeySpec(), "wrappingKeySpec");
    if (algorithm == WrappingAlgorithm.RSAES_PKCS1_V1_5) {
      throw Validation.plain(
          "The wrapping algorithm RSAES_PKCS1_V1_5 is no longer supported for importing key"
              + " material. Use RSAES_OAEP_SHA_256 or RSA_AES_KEY_WRAP_SHA_256.");
    }
    if (algorithm == WrappingAlgorithm.SM2PKE || spec == WrappingKeySpec.SM2) {
      throw KmsException.of(
          KmsErrorType.UNSUPPORTED_OPERATION, "SM2 wrapping is available in China Regions only.");
    }
    KmsKey key = resolver.resolve(request.keyId(), "keyId", Aliases.NOT_ALLOWED, context.now());
    context.touched(key);
    context.authorize(key);
    key.requireImportable();
    requireWrappingCarries(key.keySpec(), algorithm, spec);
    Instant validTo = context.now().plus(PARAMETERS_VALIDITY);
    Enclave.ImportParameters parameters =
        enclave.createImportParameters(key.keyId(), spec, algorithm, validTo);
    return new GetParametersForImportResponse(
        key.arn(),
        parameters.importToken(),
        parameters.publicKey(),
        parameters.parametersValidTo());
  }

  ImportKeyMaterialResponse importMaterial(
      ImportKeyMaterialRequest request, OperationContext context) {
    byte[] token = Validation.required(request.importToken(), "importToken");
    Validation.blobLength(token, 1, 6144, "importToken");
    byte[] material = Validation.required(request.encryptedKeyMaterial(), "encryptedKeyMaterial");
    Validation.blobLength(material, 1, 6144, "encryptedKeyMaterial");
    ExpirationModel model =
        request.expirationModel() == null
            ? ExpirationModel.KEY_MATERIAL_EXPIRES
            : request.expirationModel();
    Instant validTo = validTo(model, request.validTo(), context.now());
    if (request.importType() != null
        && !List.of("NEW_KEY_MATERIAL", "EXISTING_KEY_MATERIAL").contains(request.importType())) {
      throw Validation.notInEnum(
          request.importType(), "importType", "[NEW_KEY_MATERIAL, EXISTING_KEY_MATERIAL]");
    }
    return changes.apply(
        request.keyId(),
        context,
        key ->
            key.importMaterial(
                context.now(),
                model,
                validTo,
                ref -> unwrap(key, ref, token, material, context.now())),
        imported ->
            new ImportKeyMaterialResponse(
                imported.arn(), imported.importedMaterial().materialId()));
  }

  DeleteImportedKeyMaterialResponse deleteMaterial(
      DeleteImportedKeyMaterialRequest request, OperationContext context) {
    return changes.apply(
        request.keyId(),
        context,
        key -> key.deleteImportedMaterial(request.keyMaterialId()),
        deleted ->
            new DeleteImportedKeyMaterialResponse(
                deleted.arn(),
                deleted.importedMaterial() == null
                    ? null
                    : deleted.importedMaterial().materialId()));
  }

  /**
   * AWS's rules on which wrapping carries which material (GetParametersForImport, "Select a
   * wrapping algorithm"): an RSA private key is longer than RSA-OAEP can carry, so it needs an
   * RSA_AES algorithm; an ECC_NIST_P521 key does not fit RSA-OAEP under an RSA_2048 wrapping key.
   * AWS's exact messages are not known: these are inferred from its documentation.
   */
  private static void requireWrappingCarries(
      KeySpec keySpec, WrappingAlgorithm algorithm, WrappingKeySpec wrappingKeySpec) {
    boolean oaep =
        algorithm == WrappingAlgorithm.RSAES_OAEP_SHA_1
            || algorithm == WrappingAlgorithm.RSAES_OAEP_SHA_256;
    if (!oaep) {
      return;
    }
    if (keySpec.family() == KeySpec.Family.RSA) {
      throw Validation.plain(
          "The wrapping algorithm "
              + algorithm
              + " cannot wrap RSA private key material. Use RSA_AES_KEY_WRAP_SHA_256 or"
              + " RSA_AES_KEY_WRAP_SHA_1.");
    }
    if (keySpec == KeySpec.ECC_NIST_P521 && wrappingKeySpec == WrappingKeySpec.RSA_2048) {
      throw Validation.plain(
          "You cannot use the "
              + algorithm
              + " wrapping algorithm with the RSA_2048 wrapping key spec to wrap ECC_NIST_P521 key"
              + " material. Use a longer wrapping key or an RSA_AES_KEY_WRAP_SHA_* wrapping"
              + " algorithm.");
    }
  }

  /** The enclave's unwrap of the customer's material, its failures mapped to AWS's errors. */
  private Enclave.NewKeyVersion unwrap(
      KmsKey key, KeyVersionRef ref, byte[] token, byte[] material, Instant now) {
    try {
      return enclave.importKeyMaterial(ref, key.keySpec(), token, material, now);
    } catch (ImportTokenException e) {
      if (e.reason() == ImportTokenException.Reason.EXPIRED) {
        throw KmsException.of(
            KmsErrorType.EXPIRED_IMPORT_TOKEN,
            "The import token has expired. Call GetParametersForImport for a new one.");
      }
      throw KmsException.of(
          KmsErrorType.INVALID_IMPORT_TOKEN,
          "The import token is not valid for " + key.arn() + ".");
    } catch (ImportedMaterialException e) {
      if (e.reason() == ImportedMaterialException.Reason.WRONG_LENGTH) {
        throw KmsException.of(
            KmsErrorType.INCORRECT_KEY_MATERIAL,
            "Key material for a SYMMETRIC_DEFAULT key must be 256 bits (32 bytes).");
      }
      if (e.reason() == ImportedMaterialException.Reason.WRONG_SPEC) {
        throw KmsException.of(KmsErrorType.INCORRECT_KEY_MATERIAL, wrongSpecMessage(key.keySpec()));
      }
      throw KmsException.invalidCiphertext();
    }
  }

  /**
   * Material that unwrapped but is not of the key's spec (inferred: AWS's exact text is not known;
   * the lengths are those its developer guide gives for imported HMAC keys).
   */
  private static String wrongSpecMessage(KeySpec spec) {
    if (spec.isHmac()) {
      int minimum = spec.size() / 8;
      int maximum = spec.size() <= 256 ? 64 : 128;
      return "Key material for an "
          + spec
          + " key must be "
          + minimum
          + " to "
          + maximum
          + " bytes.";
    }
    return "The key material is not a PKCS #8 private key of key spec " + spec + ".";
  }

  private static Instant validTo(ExpirationModel model, Instant validTo, Instant now) {
    if (model == ExpirationModel.KEY_MATERIAL_DOES_NOT_EXPIRE) {
      if (validTo != null) {
        throw Validation.plain(
            "A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE");
      }
      return null;
    }
    if (validTo == null) {
      throw Validation.plain(
          "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES");
    }
    if (!validTo.isAfter(now)) {
      throw Validation.plain("The validTo date must be in the future.");
    }
    if (validTo.isAfter(now.plus(MAX_VALID_TO))) {
      throw Validation.plain(
          "The validTo date must be no more than 365 days from the current date.");
    }
    return validTo;
  }
}
