package dev.serverlesskms.testkit;

import dev.serverlesskms.core.model.ConnectionErrorCode;
import dev.serverlesskms.core.model.CustomKeyStore;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.SealedPassword;
import dev.serverlesskms.core.model.WrappedKey;
import dev.serverlesskms.core.port.CustomKeyStoreHsm;
import dev.serverlesskms.core.port.Enclave;
import dev.serverlesskms.core.port.EnclaveAuthenticationException;
import dev.serverlesskms.core.port.HsmCluster;
import dev.serverlesskms.core.port.HsmConnectionException;
import dev.serverlesskms.core.port.KeyMaterialUnavailableException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A {@link CustomKeyStoreHsm} on the JDK alone, for tests of the KMS's custom key store rules in
 * kms-core: tokens held in memory, each with its user PIN, its key objects (AES-256, generated here
 * and never handed out) and whether this "process" is logged in. Its cryptography is real AES-GCM,
 * in the payload format the PKCS#11 one uses ({@code iv(12) || ciphertext || tag}), and passwords
 * are really sealed (AES-GCM under a random key, bound to the store id). The real one, on SoftHSM2,
 * is kms-enclave's {@code Pkcs11CustomKeyStoreHsm}.
 */
public final class TestHsm implements CustomKeyStoreHsm {
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecureRandom random = new SecureRandom();
  private final SecretKeySpec sealingKey;
  private final Map<String, HsmCluster> clusters = new ConcurrentHashMap<>();
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();

  /** A token: its PIN, its key objects by label, and whether this process is logged in. */
  private static final class Token {
    volatile String pin;
    volatile boolean loggedIn;
    final AtomicInteger refusals = new AtomicInteger();
    final Map<String, SecretKeySpec> objects = new ConcurrentHashMap<>();

    Token(String pin) {
      this.pin = pin;
    }
  }

  public TestHsm() {
    byte[] key = new byte[32];
    random.nextBytes(key);
    sealingKey = new SecretKeySpec(key, "AES");
  }

  /**
   * Declares a cluster on a token (created on first mention, with this PIN).
   *
   * @param trustAnchor the certificate stores must present, or {@code null} for any
   */
  public TestHsm declare(String clusterId, String token, String pin, String trustAnchor) {
    clusters.put(clusterId, new HsmCluster(clusterId, token, trustAnchor));
    tokens.computeIfAbsent(token, t -> new Token(pin));
    return this;
  }

  /** The token's PIN changes (as an HSM administrator would change the kmsuser's password). */
  public void changePin(String token, String pin) {
    tokens.get(token).pin = pin;
  }

  /**
   * The token refuses its next {@code uses} uses, as a token that is briefly not present would
   * (each as a failed login, whether or not this process was logged in).
   */
  public void refuseNextUses(String token, int uses) {
    tokens.get(token).refusals.set(uses);
  }

  /** How many of the refusals {@link #refuseNextUses} asked for are still to come. */
  public int refusalsLeft(String token) {
    return tokens.get(token).refusals.get();
  }

  /** Whether this process is logged in to the token. */
  public boolean loggedIn(String token) {
    return tokens.get(token).loggedIn;
  }

  /** The labels of the key objects in a token. */
  public Set<String> objects(String token) {
    return Set.copyOf(tokens.get(token).objects.keySet());
  }

  @Override
  public Optional<HsmCluster> cluster(String clusterId) {
    return Optional.ofNullable(clusters.get(clusterId));
  }

  @Override
  public SealedPassword sealPassword(String customKeyStoreId, String password) {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    byte[] sealed =
        gcm(
            Cipher.ENCRYPT_MODE,
            sealingKey,
            iv,
            password.getBytes(StandardCharsets.UTF_8),
            passwordAad(customKeyStoreId));
    byte[] out = Arrays.copyOf(iv, IV_BYTES + sealed.length);
    System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
    return new SealedPassword(out);
  }

  private String unsealPassword(CustomKeyStore store) {
    byte[] bytes = store.password().bytes();
    byte[] plain =
        gcm(
            Cipher.DECRYPT_MODE,
            sealingKey,
            Arrays.copyOf(bytes, IV_BYTES),
            Arrays.copyOfRange(bytes, IV_BYTES, bytes.length),
            passwordAad(store.id()));
    return new String(plain, StandardCharsets.UTF_8);
  }

  private static byte[] passwordAad(String customKeyStoreId) {
    return ("custom-key-store-password:" + customKeyStoreId).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void connect(CustomKeyStore store) {
    HsmCluster cluster = clusters.get(store.cloudHsmClusterId());
    if (cluster == null) {
      throw new HsmConnectionException(ConnectionErrorCode.CLUSTER_NOT_FOUND, "no cluster", null);
    }
    Token token = tokens.get(cluster.token());
    token.loggedIn = false;
    login(token, store);
  }

  private void login(Token token, CustomKeyStore store) {
    if (!MessageDigest.isEqual(
        token.pin.getBytes(StandardCharsets.UTF_8),
        unsealPassword(store).getBytes(StandardCharsets.UTF_8))) {
      throw new HsmConnectionException(
          ConnectionErrorCode.INVALID_CREDENTIALS, "the token refused the PIN", null);
    }
    token.loggedIn = true;
  }

  @Override
  public void disconnect(CustomKeyStore store) {
    HsmCluster cluster = clusters.get(store.cloudHsmClusterId());
    if (cluster != null) {
      tokens.get(cluster.token()).loggedIn = false;
    }
  }

  /** The store's token, this process logged in to it (lazily, as a new Lambda instance would). */
  private Token session(CustomKeyStore store) {
    HsmCluster cluster = clusters.get(store.cloudHsmClusterId());
    if (cluster == null) {
      throw new KeyMaterialUnavailableException("no cluster " + store.cloudHsmClusterId());
    }
    Token token = tokens.get(cluster.token());
    if (token.refusals.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
      throw new KeyMaterialUnavailableException(
          "cannot log in to the token: " + ConnectionErrorCode.CLUSTER_NOT_FOUND);
    }
    if (!token.loggedIn) {
      try {
        login(token, store);
      } catch (HsmConnectionException e) {
        throw new KeyMaterialUnavailableException("cannot log in to the token: " + e.code());
      }
    }
    return token;
  }

  static String label(KeyVersionRef ref) {
    return "kms-" + ref.keyId().value() + "-v" + ref.version();
  }

  private SecretKeySpec object(CustomKeyStore store, KeyVersionRef ref, WrappedKey tokenKey) {
    String label = new String(tokenKey.bytes(), StandardCharsets.UTF_8);
    if (!label.equals(label(ref))) {
      throw new KeyMaterialUnavailableException("token key reference of another key version");
    }
    SecretKeySpec key = session(store).objects.get(label);
    if (key == null) {
      throw new KeyMaterialUnavailableException("no token object " + label);
    }
    return key;
  }

  @Override
  public Enclave.NewKeyVersion generateKey(CustomKeyStore store, KeyVersionRef ref) {
    byte[] material = new byte[32];
    random.nextBytes(material);
    String label = label(ref);
    session(store).objects.put(label, new SecretKeySpec(material, "AES"));
    byte[] id = new byte[32];
    random.nextBytes(id);
    return new Enclave.NewKeyVersion(
        new WrappedKey(label.getBytes(StandardCharsets.UTF_8)), HexFormat.of().formatHex(id));
  }

  @Override
  public byte[] seal(
      CustomKeyStore store, KeyVersionRef ref, WrappedKey tokenKey, byte[] plaintext, byte[] aad) {
    SecretKeySpec key = object(store, ref, tokenKey);
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    byte[] sealed = gcm(Cipher.ENCRYPT_MODE, key, iv, plaintext, aad);
    byte[] out = Arrays.copyOf(iv, IV_BYTES + sealed.length);
    System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
    return out;
  }

  @Override
  public byte[] open(
      CustomKeyStore store, KeyVersionRef ref, WrappedKey tokenKey, byte[] sealed, byte[] aad) {
    SecretKeySpec key = object(store, ref, tokenKey);
    if (sealed.length < IV_BYTES + TAG_BITS / 8) {
      throw new EnclaveAuthenticationException();
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
      cipher.updateAAD(aad);
      return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
    } catch (AEADBadTagException e) {
      throw new EnclaveAuthenticationException();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Enclave.DataKey generateDataKey(
      CustomKeyStore store, KeyVersionRef ref, WrappedKey tokenKey, int lengthBytes, byte[] aad) {
    byte[] plaintext = generateRandom(store, lengthBytes);
    return new Enclave.DataKey(plaintext, seal(store, ref, tokenKey, plaintext, aad));
  }

  @Override
  public byte[] generateRandom(CustomKeyStore store, int lengthBytes) {
    session(store);
    byte[] bytes = new byte[lengthBytes];
    random.nextBytes(bytes);
    return bytes;
  }

  @Override
  public void destroyKey(CustomKeyStore store, KeyVersionRef ref, WrappedKey tokenKey) {
    object(store, ref, tokenKey);
    session(store).objects.remove(label(ref));
  }

  private static byte[] gcm(int mode, SecretKeySpec key, byte[] iv, byte[] input, byte[] aad) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(aad);
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
