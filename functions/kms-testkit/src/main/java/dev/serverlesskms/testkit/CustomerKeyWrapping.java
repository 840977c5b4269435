package dev.serverlesskms.testkit;

import dev.serverlesskms.core.model.WrappingAlgorithm;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a customer does before ImportKeyMaterial, on the JDK alone: wraps key material with the
 * public key GetParametersForImport returned, by the algorithm asked for there (as the AWS CLI and
 * OpenSSL recipes in the KMS developer guide do).
 */
public final class CustomerKeyWrapping {
  private static final SecureRandom RANDOM = new SecureRandom();

  private CustomerKeyWrapping() {}

  /**
   * @param publicKeyDer the {@code PublicKey} of GetParametersForImport (X.509, DER)
   * @param material the key material in the clear
   */
  public static byte[] wrap(WrappingAlgorithm algorithm, byte[] publicKeyDer, byte[] material) {
    try {
      PublicKey publicKey =
          KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(publicKeyDer));
      return switch (algorithm) {
        case RSAES_OAEP_SHA_1 -> oaep(publicKey, "SHA-1", MGF1ParameterSpec.SHA1, material);
        case RSAES_OAEP_SHA_256 -> oaep(publicKey, "SHA-256", MGF1ParameterSpec.SHA256, material);
        case RSA_AES_KEY_WRAP_SHA_1 ->
            rsaAesKeyWrap(publicKey, "SHA-1", MGF1ParameterSpec.SHA1, material);
        case RSA_AES_KEY_WRAP_SHA_256 ->
            rsaAesKeyWrap(publicKey, "SHA-256", MGF1ParameterSpec.SHA256, material);
        case RSAES_PKCS1_V1_5, SM2PKE ->
            throw new IllegalArgumentException(algorithm + " is not a wrapping this KMS accepts");
      };
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the customer-side wrapping failed", e);
    }
  }

  /** {@code length} random bytes: key material for a test to import. */
  public static byte[] randomMaterial(int length) {
    byte[] material = new byte[length];
    RANDOM.nextBytes(material);
    return material;
  }

  private static byte[] oaep(PublicKey key, String digest, MGF1ParameterSpec mgf, byte[] data)
      throws GeneralSecurityException {
    Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
    rsa.init(
        Cipher.ENCRYPT_MODE,
        key,
        new OAEPParameterSpec(digest, "MGF1", mgf, PSource.PSpecified.DEFAULT));
    return rsa.doFinal(data);
  }

  /**
   * An ephemeral AES-256 key wrapped with RSA-OAEP, followed by the material wrapped under it with
   * AES key wrap with padding (RFC 5649).
   */
  private static byte[] rsaAesKeyWrap(
      PublicKey key, String digest, MGF1ParameterSpec mgf, byte[] material)
      throws GeneralSecurityException {
    byte[] aesKey = randomMaterial(32);
    Cipher kwp = Cipher.getInstance("AES/KWP/NoPadding");
    kwp.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"));
    byte[] wrappedMaterial = kwp.doFinal(material);
    byte[] wrappedKey = oaep(key, digest, mgf, aesKey);
    byte[] out = new byte[wrappedKey.length + wrappedMaterial.length];
    System.arraycopy(wrappedKey, 0, out, 0, wrappedKey.length);
    System.arraycopy(wrappedMaterial, 0, out, wrappedKey.length, wrappedMaterial.length);
    return out;
  }
}
