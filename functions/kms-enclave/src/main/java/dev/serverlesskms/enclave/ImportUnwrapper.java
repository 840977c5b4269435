package dev.serverlesskms.enclave;

import dev.serverlesskms.core.model.WrappingAlgorithm;
import dev.serverlesskms.core.port.ImportedMaterialException;
import java.security.GeneralSecurityException;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.RuntimeCryptoException;

/**
 * Opens key material a customer wrapped for import with the public key of GetParametersForImport,
 * as AWS KMS defines the wrapping algorithms:
 *
 * <ul>
 *   <li>RSAES_OAEP_SHA_1: RSA-OAEP, SHA-1 and MGF1-SHA-1, no label;
 *   <li>RSAES_OAEP_SHA_256: RSA-OAEP, SHA-256 and MGF1-SHA-256, no label (spelled out: the JDK's
 *       "OAEPWithSHA-256AndMGF1Padding" would use MGF1-SHA-1);
 *   <li>RSA_AES_KEY_WRAP_SHA_1 / _SHA_256: the first modulus-length bytes are an ephemeral AES-256
 *       key under RSA-OAEP as above (SHA-1 resp. SHA-256), the rest is the material under that key
 *       with AES Key Wrap with Padding (RFC 5649, {@link AesKwp}).
 * </ul>
 *
 * RSA runs on the JDK (SunJCE), with parameters given explicitly so no provider default applies.
 * Every failure is the same {@link ImportedMaterialException} (UNWRAP_FAILED) with the same
 * message, whichever step failed, so the error is no oracle on the padding; the ephemeral key is
 * zeroized.
 */
final class ImportUnwrapper {
  private static final int EPHEMERAL_KEY_BYTES = 32;
  private static final OAEPParameterSpec OAEP_SHA_1 =
      new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT);
  private static final OAEPParameterSpec OAEP_SHA_256 =
      new OAEPParameterSpec(
          "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

  private ImportUnwrapper() {}

  /**
   * @throws IllegalArgumentException for RSAES_PKCS1_V1_5 (refused, as AWS does since 2023) and
   *     SM2PKE (China Regions only)
   */
  static void requireSupported(WrappingAlgorithm algorithm) {
    Objects.requireNonNull(algorithm, "algorithm");
    if (oaepParameters(algorithm) == null) {
      throw new IllegalArgumentException("wrapping algorithm " + algorithm + " is not supported");
    }
  }

  /**
   * @return the material, of whatever length it has (the caller checks it, and closes it)
   * @throws ImportedMaterialException UNWRAP_FAILED if {@code encrypted} does not unwrap with
   *     {@code key} and {@code algorithm}
   */
  static KeyMaterial unwrap(WrappingAlgorithm algorithm, RSAPrivateKey key, byte[] encrypted) {
    Objects.requireNonNull(encrypted, "encryptedKeyMaterial");
    OAEPParameterSpec oaep = oaepParameters(algorithm);
    if (oaep == null) {
      throw new IllegalArgumentException("wrapping algorithm " + algorithm + " is not supported");
    }
    return switch (algorithm) {
      case RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256 ->
          KeyMaterial.takeOwnership(rsaOaep(key, oaep, encrypted, 0, encrypted.length));
      default -> rsaAesKeyWrap(key, oaep, encrypted);
    };
  }

  private static KeyMaterial rsaAesKeyWrap(
      RSAPrivateKey key, OAEPParameterSpec oaep, byte[] encrypted) {
    int rsaBytes = RsaWrappingKeys.modulusBytes(key);
    if (encrypted.length < rsaBytes + AesKwp.MIN_WRAPPED_BYTES) {
      throw unwrapFailed();
    }
    byte[] ephemeralKey = rsaOaep(key, oaep, encrypted, 0, rsaBytes);
    try {
      if (ephemeralKey.length != EPHEMERAL_KEY_BYTES) {
        throw unwrapFailed();
      }
      return KeyMaterial.takeOwnership(
          AesKwp.unwrap(ephemeralKey, encrypted, rsaBytes, encrypted.length - rsaBytes));
    } catch (InvalidCipherTextException | RuntimeCryptoException e) {
      throw unwrapFailed();
    } finally {
      Arrays.fill(ephemeralKey, (byte) 0);
    }
  }

  /**
   * @return the plaintext, which the caller owns (and zeroizes)
   */
  private static byte[] rsaOaep(
      RSAPrivateKey key, OAEPParameterSpec oaep, byte[] input, int offset, int length) {
    Cipher cipher;
    try {
      cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, oaep);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "RSA-OAEP is not available with " + oaep.getDigestAlgorithm(), e);
    }
    try {
      return cipher.doFinal(input, offset, length);
    } catch (GeneralSecurityException e) { // BadPadding (not OAEP under this key), IllegalBlockSize
      throw unwrapFailed();
    }
  }

  /**
   * @return the OAEP parameters of {@code algorithm}, or {@code null} if it is not supported
   */
  private static OAEPParameterSpec oaepParameters(WrappingAlgorithm algorithm) {
    return switch (algorithm) {
      case RSAES_OAEP_SHA_1, RSA_AES_KEY_WRAP_SHA_1 -> OAEP_SHA_1;
      case RSAES_OAEP_SHA_256, RSA_AES_KEY_WRAP_SHA_256 -> OAEP_SHA_256;
      default -> null;
    };
  }

  private static ImportedMaterialException unwrapFailed() {
    return new ImportedMaterialException(
        ImportedMaterialException.Reason.UNWRAP_FAILED,
        "the key material does not unwrap with the import token's wrapping key and algorithm");
  }
}
