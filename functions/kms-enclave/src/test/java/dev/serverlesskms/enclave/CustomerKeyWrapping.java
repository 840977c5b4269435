package dev.serverlesskms.enclave;

import dev.serverlesskms.core.model.WrappingAlgorithm;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * Wraps key material for import the way a customer does (AWS's documented algorithms), from the DER
 * public key of GetParametersForImport, with the JDK alone: SunJCE's RSA-OAEP and its AES/KWP (RFC
 * 5649), an implementation independent of the Bouncy Castle engine the enclave unwraps with.
 */
final class CustomerKeyWrapping {
  static final OAEPParameterSpec OAEP_SHA_1 =
      new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT);
  static final OAEPParameterSpec OAEP_SHA_256 =
      new OAEPParameterSpec(
          "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

  /** What the JDK's "OAEPWithSHA-256AndMGF1Padding" means by default: SHA-256, but MGF1-SHA-1. */
  static final OAEPParameterSpec OAEP_SHA_256_MGF1_SHA_1 =
      new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT);

  private static final SecureRandom RANDOM = new SecureRandom();

  private CustomerKeyWrapping() {}

  static byte[] wrap(WrappingAlgorithm algorithm, byte[] publicKeyDer, byte[] material) {
    return switch (algorithm) {
      case RSAES_OAEP_SHA_1 -> oaep(publicKeyDer, OAEP_SHA_1, material);
      case RSAES_OAEP_SHA_256 -> oaep(publicKeyDer, OAEP_SHA_256, material);
      case RSA_AES_KEY_WRAP_SHA_1 ->
          rsaAesKeyWrap(publicKeyDer, OAEP_SHA_1, randomBytes(32), material);
      case RSA_AES_KEY_WRAP_SHA_256 ->
          rsaAesKeyWrap(publicKeyDer, OAEP_SHA_256, randomBytes(32), material);
      default -> throw new IllegalArgumentException(algorithm.toString());
    };
  }

  static byte[] oaep(byte[] publicKeyDer, OAEPParameterSpec parameters, byte[] data) {
    try {
      Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
      rsa.init(Cipher.ENCRYPT_MODE, publicKey(publicKeyDer), parameters);
      return rsa.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new AssertionError("the customer-side RSA-OAEP failed", e);
    }
  }

  /** {@code RSA-OAEP(aesKey) || AES-KWP(aesKey, material)}. */
  static byte[] rsaAesKeyWrap(
      byte[] publicKeyDer, OAEPParameterSpec parameters, byte[] aesKey, byte[] material) {
    byte[] wrappedKey = oaep(publicKeyDer, parameters, aesKey);
    byte[] wrappedMaterial = kwp(aesKey, material);
    byte[] out = Arrays.copyOf(wrappedKey, wrappedKey.length + wrappedMaterial.length);
    System.arraycopy(wrappedMaterial, 0, out, wrappedKey.length, wrappedMaterial.length);
    return out;
  }

  static byte[] kwp(byte[] aesKey, byte[] material) {
    try {
      Cipher kwp = Cipher.getInstance("AES/KWP/NoPadding");
      kwp.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"));
      return kwp.doFinal(material);
    } catch (GeneralSecurityException e) {
      throw new AssertionError("the customer-side AES-KWP failed", e);
    }
  }

  static PublicKey publicKey(byte[] publicKeyDer) {
    try {
      return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(publicKeyDer));
    } catch (GeneralSecurityException e) {
      throw new AssertionError("not an X.509 RSA public key", e);
    }
  }

  static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
