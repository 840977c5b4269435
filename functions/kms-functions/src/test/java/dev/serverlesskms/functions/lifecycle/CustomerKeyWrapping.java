package dev.serverlesskms.functions.lifecycle;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.RFC5649WrapEngine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Wraps key material for import the way a customer does, with the JDK and Bouncy Castle only, from
 * the public key GetParametersForImport returned (AWS's documented algorithms).
 */
final class CustomerKeyWrapping {
  private CustomerKeyWrapping() {}

  static byte[] wrap(String algorithm, byte[] publicKeyDer, byte[] material) throws Exception {
    PublicKey publicKey =
        KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(publicKeyDer));
    return switch (algorithm) {
      case "RSAES_OAEP_SHA_1" -> oaep(publicKey, "SHA-1", MGF1ParameterSpec.SHA1, material);
      case "RSAES_OAEP_SHA_256" -> oaep(publicKey, "SHA-256", MGF1ParameterSpec.SHA256, material);
      case "RSA_AES_KEY_WRAP_SHA_1" ->
          rsaAesKeyWrap(publicKey, "SHA-1", MGF1ParameterSpec.SHA1, material);
      case "RSA_AES_KEY_WRAP_SHA_256" ->
          rsaAesKeyWrap(publicKey, "SHA-256", MGF1ParameterSpec.SHA256, material);
      default -> throw new IllegalArgumentException(algorithm);
    };
  }

  private static byte[] oaep(PublicKey key, String digest, MGF1ParameterSpec mgf, byte[] data)
      throws Exception {
    Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
    rsa.init(
        Cipher.ENCRYPT_MODE,
        key,
        new OAEPParameterSpec(digest, "MGF1", mgf, PSource.PSpecified.DEFAULT));
    return rsa.doFinal(data);
  }

  /**
   * An ephemeral AES-256 key wrapped with RSA-OAEP, followed by the material wrapped with AES-KWP
   * (RFC 5649).
   */
  private static byte[] rsaAesKeyWrap(
      PublicKey key, String digest, MGF1ParameterSpec mgf, byte[] material) throws Exception {
    byte[] aesKey = new byte[32];
    new SecureRandom().nextBytes(aesKey);
    RFC5649WrapEngine kwp = new RFC5649WrapEngine(AESEngine.newInstance());
    kwp.init(true, new KeyParameter(aesKey));
    byte[] wrappedMaterial = kwp.wrap(material, 0, material.length);
    byte[] wrappedKey = oaep(key, digest, mgf, aesKey);
    byte[] out = new byte[wrappedKey.length + wrappedMaterial.length];
    System.arraycopy(wrappedKey, 0, out, 0, wrappedKey.length);
    System.arraycopy(wrappedMaterial, 0, out, wrappedKey.length, wrappedMaterial.length);
    return out;
  }
}
