package dev.serverlesskms.enclave;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A root key that never leaves a PKCS#11 token (SoftHSM2 locally and in CI, CloudHSM or another HSM
 * in production): a token-resident AES-256 key with {@code CKA_SENSITIVE=true} and {@code
 * CKA_EXTRACTABLE=false}, used through the JDK's SunPKCS11 provider. Wrapping is {@code
 * AES/GCM/NoPadding} inside the token, because Java 17's SunPKCS11 offers AES-GCM on SoftHSM2 but
 * no AES key-wrap cipher.
 *
 * <p>The provider is configured programmatically for one slot and never registered in {@link
 * Security}, so it cannot be picked up by unrelated code. Its configuration also fixes the
 * attributes of a key generated through it, which is how a created root key is made non-extractable
 * and labelled in a single {@code C_GenerateKey}.
 *
 * <p>Meant for the JVM build: SunPKCS11 loads the PKCS#11 module through JNI at run time, which has
 * not been tried in a GraalVM native image (the software root key is the native-friendly one).
 */
public final class Pkcs11RootKey implements RootKey {
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int TAG_BITS = RootKeyFraming.TAG_BYTES * 8;

  private final Provider provider;
  private final String id;
  private final RootKeyFraming framing = new RootKeyFraming();
  private volatile SecretKey key;

  private Pkcs11RootKey(Provider provider, SecretKey key, String keyLabel) {
    this.provider = provider;
    this.key = key;
    this.id = "pkcs11:" + keyLabel;
  }

  /**
   * Logs in to the token and finds the root key by label, generating it there if it is missing and
   * {@link Pkcs11RootKeyConfig#createIfMissing} allows it.
   *
   * @param pin the token's user PIN; this method wipes the array before returning
   * @throws EnclaveStartupException if the library or slot cannot be used, the PIN is wrong, the
   *     key is missing (and may not be created), or the key found is extractable
   */
  public static Pkcs11RootKey open(Pkcs11RootKeyConfig config, char[] pin) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(pin, "pin");
    try {
      Provider provider = configureProvider(config);
      KeyStore token = login(provider, config, pin);
      SecretKey key = findKey(token, config);
      if (key == null) {
        if (!config.createIfMissing()) {
          throw new EnclaveStartupException(
              "no root key labelled '"
                  + config.keyLabel()
                  + "' in PKCS#11 slot "
                  + config.slot()
                  + ", and creating one is not enabled");
        }
        key = generateKey(provider);
      }
      requireNonExtractable(key, config);
      return new Pkcs11RootKey(provider, key, config.keyLabel());
    } finally {
      Arrays.fill(pin, '\0');
    }
  }

  /**
   * The SunPKCS11 configuration: one slot, and the template for a generated root key (a labelled,
   * private token object that can only encrypt and decrypt, and never leaves the token).
   */
  private static String providerConfiguration(Pkcs11RootKeyConfig config) {
    String label = HexFormat.of().formatHex(config.keyLabel().getBytes(StandardCharsets.UTF_8));
    return String.join(
        "\n",
        "name = serverless-kms",
        "library = \"" + config.library() + "\"",
        "slot = " + config.slot(),
        "attributes(generate, CKO_SECRET_KEY, CKK_AES) = {",
        "  CKA_TOKEN = true",
        "  CKA_PRIVATE = true",
        "  CKA_SENSITIVE = true",
        "  CKA_EXTRACTABLE = false",
        "  CKA_ENCRYPT = true",
        "  CKA_DECRYPT = true",
        "  CKA_WRAP = false",
        "  CKA_UNWRAP = false",
        "  CKA_SIGN = false",
        "  CKA_VERIFY = false",
        "  CKA_DERIVE = false",
        "  CKA_LABEL = 0h" + label,
        "}",
        "");
  }

  private static Provider configureProvider(Pkcs11RootKeyConfig config) {
    Provider base = Security.getProvider("SunPKCS11");
    if (base == null) {
      throw new EnclaveStartupException("this JDK has no SunPKCS11 provider");
    }
    try {
      return base.configure("--" + providerConfiguration(config));
    } catch (RuntimeException e) {
      throw new EnclaveStartupException(
          "cannot use PKCS#11 library " + config.library() + " slot " + config.slot(), e);
    }
  }

  private static KeyStore login(Provider provider, Pkcs11RootKeyConfig config, char[] pin) {
    try {
      KeyStore token = KeyStore.getInstance("PKCS11", provider);
      token.load(null, pin);
      return token;
    } catch (IOException | GeneralSecurityException e) {
      throw new EnclaveStartupException(
          "cannot log in to PKCS#11 slot " + config.slot() + " (wrong PIN, or token not ready)", e);
    }
  }

  private static SecretKey findKey(KeyStore token, Pkcs11RootKeyConfig config) {
    Key found;
    try {
      found = token.getKey(config.keyLabel(), null);
    } catch (GeneralSecurityException e) {
      throw new EnclaveStartupException(
          "cannot read the root key '" + config.keyLabel() + "' in slot " + config.slot(), e);
    }
    if (found == null) {
      return null;
    }
    if (!(found instanceof SecretKey secret) || !"AES".equals(found.getAlgorithm())) {
      throw new EnclaveStartupException(
          "the object labelled '" + config.keyLabel() + "' is not an AES secret key");
    }
    return secret;
  }

  private static SecretKey generateKey(Provider provider) {
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES", provider);
      generator.init(AesGcm.KEY_BYTES * 8);
      return generator.generateKey();
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new EnclaveStartupException("cannot generate the root key in the token", e);
    }
  }

  /** A root key whose bytes can be read out of the token protects nothing: refuse it. */
  private static void requireNonExtractable(SecretKey key, Pkcs11RootKeyConfig config) {
    byte[] encoded = key.getEncoded();
    if (encoded != null) {
      Arrays.fill(encoded, (byte) 0);
      throw new EnclaveStartupException(
          "the root key '"
              + config.keyLabel()
              + "' can be extracted from the token; use a key with CKA_SENSITIVE=true and"
              + " CKA_EXTRACTABLE=false");
    }
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public byte[] wrap(byte[] material, byte[] aad) {
    return framing.wrap(this::seal, material, aad);
  }

  private byte[] seal(byte[] nonce, byte[] plaintext, byte[] aad) {
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce);
      cipher.updateAAD(aad);
      return cipher.doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PKCS#11 root key wrap failed", e);
    }
  }

  @Override
  public byte[] unwrap(byte[] wrapped, byte[] aad) throws RootKeyUnwrapException {
    return framing.unwrap(this::open, wrapped, aad);
  }

  private byte[] open(byte[] nonce, byte[] input, int offset, int length, byte[] aad)
      throws RootKeyUnwrapException {
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce);
      cipher.updateAAD(aad);
      return cipher.doFinal(input, offset, length);
    } catch (AEADBadTagException e) {
      throw new RootKeyUnwrapException();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PKCS#11 root key unwrap failed", e);
    }
  }

  /** A new cipher per call: SunPKCS11 ciphers are not thread-safe, its session pool is. */
  private Cipher cipher(int mode, byte[] iv) throws GeneralSecurityException {
    SecretKey current = key;
    if (current == null) {
      throw new IllegalStateException("the PKCS#11 root key was closed");
    }
    Cipher cipher = Cipher.getInstance(TRANSFORMATION, provider);
    cipher.init(mode, current, new GCMParameterSpec(TAG_BITS, iv));
    return cipher;
  }

  /**
   * Drops this handle to the key. The token stays logged in: a PKCS#11 login belongs to the whole
   * process, so logging out would also log out any other handle to this token.
   */
  @Override
  public void close() {
    key = null;
  }

  @Override
  public String toString() {
    return "Pkcs11RootKey[" + id + "]";
  }
}
