package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.ciphertext.CiphertextBlob;
import dev.serverlesskms.core.ciphertext.CiphertextBlobCodec;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.DataKeyPairSpec;
import dev.serverlesskms.core.model.DataKeySpec;
import dev.serverlesskms.core.model.EncryptionAlgorithm;
import dev.serverlesskms.core.model.EncryptionContext;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.KeyVersion;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.Enclave;
import dev.serverlesskms.core.port.EnclaveAuthenticationException;
import dev.serverlesskms.core.port.KeyMaterialUnavailableException;
import java.util.List;
import java.util.Map;

/**
 * The symmetric data path shared by Encrypt, Decrypt, ReEncrypt and GenerateDataKey*: builds and
 * reads ciphertext blobs around the enclave, and applies the checks every cryptographic operation
 * makes (key usage, key state, algorithm).
 */
final class SymmetricCrypto {
  private final KeyResolver resolver;
  private final Enclave enclave;

  /**
   * Keys are read through {@code resolver}, as they are at the request's time ({@link
   * KmsKey#asOf}).
   */
  SymmetricCrypto(KeyResolver resolver, Enclave enclave) {
    this.resolver = resolver;
    this.enclave = enclave;
  }

  /** A decrypted blob: the key and version that encrypted it, and the plaintext. */
  record Opened(KmsKey key, KeyVersion version, byte[] plaintext) {
    @Override
    public String toString() {
      return "Opened[" + key.arn() + " v" + version.number() + "]";
    }
  }

  /** A sealed ciphertext blob and the key version under which it was sealed. */
  record Sealed(byte[] blob, KeyVersion version) {}

  /** Resolves the key of an Encrypt-like request and checks it can encrypt now. */
  KmsKey encryptionKey(
      String keyIdMember,
      String member,
      String operation,
      OperationContext context,
      AccessOnKey access) {
    return checkedEncryptionKey(
        resolve(keyIdMember, member, context), keyIdMember, operation, context, access);
  }

  /**
   * The first half of {@link #encryptionKey}: the key an Encrypt-like request names, noted as
   * touched, before any check; so an operation can send an RSA key to {@link AsymmetricCrypto}
   * without reading it twice.
   */
  KmsKey resolve(String keyIdMember, String member, OperationContext context) {
    KmsKey key = resolver.resolve(keyIdMember, member, context);
    context.touched(key);
    return key;
  }

  /** The second half of {@link #encryptionKey}: authorization, usage and state. */
  KmsKey checkedEncryptionKey(
      KmsKey key,
      String keyIdMember,
      String operation,
      OperationContext context,
      AccessOnKey access) {
    context.authorize(access.on(key, keyIdMember));
    requireSymmetricEncryptionKey(key, operation);
    key.requireUsableForCryptography();
    return key;
  }

  Sealed encrypt(KmsKey key, byte[] plaintext, EncryptionContext encryptionContext) {
    KeyVersion version = key.primaryVersion();
    KeyVersionRef ref = new KeyVersionRef(key.keyId(), version.number());
    byte[] header = CiphertextBlobCodec.header(ref);
    byte[] sealed =
        unwrapping(
            key,
            () ->
                enclave.seal(
                    ref,
                    version.material(),
                    plaintext,
                    CiphertextBlobCodec.aad(header, encryptionContext)));
    return new Sealed(CiphertextBlobCodec.encode(header, sealed), version);
  }

  /**
   * A data key made for a request: the key that encrypted it, the plaintext and the ciphertext
   * blob.
   */
  record GeneratedDataKey(KmsKey key, Enclave.DataKey dataKey) {}

  /**
   * The whole of GenerateDataKey and GenerateDataKeyWithoutPlaintext but the response: the
   * KeySpec/NumberOfBytes rule, the key checks, DryRun, and the data key generated in the enclave.
   */
  GeneratedDataKey generateDataKey(
      String keyIdMember,
      DataKeySpec keySpec,
      Integer numberOfBytes,
      List<String> grantTokens,
      Map<String, String> context,
      Boolean dryRun,
      String operation,
      OperationContext operationContext) {
    Validation.required(keyIdMember, "keyId");
    int length = DataKeyLength.of(keySpec, numberOfBytes);
    Validation.grantTokens(grantTokens);
    EncryptionContext encryptionContext = EncryptionContext.of(context, "encryptionContext");
    KmsKey key =
        encryptionKey(
            keyIdMember,
            "keyId",
            operation,
            operationContext,
            new CryptoAccess(operation, encryptionContext, grantTokens));
    if (Boolean.TRUE.equals(dryRun)) {
      throw KmsException.dryRun();
    }
    return new GeneratedDataKey(key, generateDataKey(key, length, encryptionContext));
  }

  /** Generates a data key inside the enclave; returns it in the clear and as a ciphertext blob. */
  Enclave.DataKey generateDataKey(
      KmsKey key, int lengthBytes, EncryptionContext encryptionContext) {
    KeyVersion version = key.primaryVersion();
    KeyVersionRef ref = new KeyVersionRef(key.keyId(), version.number());
    byte[] header = CiphertextBlobCodec.header(ref);
    Enclave.DataKey dataKey =
        unwrapping(
            key,
            () ->
                enclave.generateDataKey(
                    ref,
                    version.material(),
                    lengthBytes,
                    CiphertextBlobCodec.aad(header, encryptionContext)));
    return new Enclave.DataKey(
        dataKey.plaintext(), CiphertextBlobCodec.encode(header, dataKey.sealed()));
  }

  /**
   * Generates a data key pair inside the enclave; returns it with its private key as a ciphertext
   * blob of the same format as GenerateDataKey's, which Decrypt takes under the same encryption
   * context.
   */
  Enclave.DataKeyPair generateDataKeyPair(
      KmsKey key, DataKeyPairSpec pairSpec, EncryptionContext encryptionContext) {
    KeyVersion version = key.primaryVersion();
    KeyVersionRef ref = new KeyVersionRef(key.keyId(), version.number());
    byte[] header = CiphertextBlobCodec.header(ref);
    Enclave.DataKeyPair pair =
        unwrapping(
            key,
            () ->
                enclave.generateDataKeyPair(
                    ref,
                    version.material(),
                    pairSpec,
                    CiphertextBlobCodec.aad(header, encryptionContext)));
    return new Enclave.DataKeyPair(
        pair.privateKey(),
        pair.publicKey(),
        CiphertextBlobCodec.encode(header, pair.sealedPrivateKey()));
  }

  /**
   * Decrypts a blob with AWS's checks, in AWS's order: blob well-formed; the requested key (if any)
   * is the blob's key; the key exists; usage and state allow decryption; the version exists; the
   * payload authenticates under the encryption context.
   *
   * @param requestedKeyId the KeyId member, or {@code null}
   */
  Opened decrypt(
      byte[] ciphertextBlob,
      String blobMember,
      EncryptionContext encryptionContext,
      String requestedKeyId,
      String keyIdMember,
      String operation,
      OperationContext context,
      CryptoAccess access) {
    Validation.required(ciphertextBlob, blobMember);
    Validation.blobLength(ciphertextBlob, 1, CiphertextBlobCodec.MAX_BLOB_LENGTH, blobMember);
    CiphertextBlob blob = CiphertextBlobCodec.parse(ciphertextBlob);
    if (requestedKeyId != null) {
      KeyId requested = resolver.resolveId(requestedKeyId, keyIdMember, context);
      if (!requested.equals(blob.keyId())) {
        throw KmsException.incorrectKey();
      }
    }
    KmsKey key =
        resolver
            .find(blob.keyId(), context.now())
            .orElseThrow(KmsException::ciphertextKeyInaccessible);
    context.touched(key);
    context.authorize(access.on(key, requestedKeyId));
    requireSymmetricEncryptionKey(key, operation);
    key.requireUsableForCryptography();
    KeyVersion version =
        key.version(blob.keyVersion()).orElseThrow(KmsException::invalidCiphertext);
    byte[] aad = CiphertextBlobCodec.aad(blob.header(), encryptionContext);
    try {
      byte[] plaintext =
          unwrapping(
              key, () -> enclave.open(blob.versionRef(), version.material(), blob.sealed(), aad));
      return new Opened(key, version, plaintext);
    } catch (EnclaveAuthenticationException e) {
      throw KmsException.invalidCiphertext();
    }
  }

  /** Symmetric keys take only SYMMETRIC_DEFAULT. */
  static void requireSymmetricAlgorithm(EncryptionAlgorithm algorithm) {
    if (algorithm != null && algorithm != EncryptionAlgorithm.SYMMETRIC_DEFAULT) {
      throw KmsException.of(
          KmsErrorType.INVALID_KEY_USAGE,
          "Algorithm " + algorithm + " is incompatible with key spec SYMMETRIC_DEFAULT.");
    }
  }

  private static void requireSymmetricEncryptionKey(KmsKey key, String operation) {
    if (key.keyUsage() != KeyUsage.ENCRYPT_DECRYPT || key.keySpec() != KeySpec.SYMMETRIC_DEFAULT) {
      throw KmsException.of(
          KmsErrorType.INVALID_KEY_USAGE,
          key.arn()
              + " key usage is "
              + key.keyUsage()
              + " which is not valid for "
              + operation
              + ".");
    }
  }

  /** Runs an enclave call on the key's material; material that does not unwrap is AWS's 5xx. */
  static <T> T unwrapping(KmsKey key, java.util.function.Supplier<T> enclaveCall) {
    try {
      return enclaveCall.get();
    } catch (KeyMaterialUnavailableException e) {
      throw KmsException.of(
          KmsErrorType.KEY_UNAVAILABLE, key.arn() + " key material is unavailable.");
    }
  }
}
