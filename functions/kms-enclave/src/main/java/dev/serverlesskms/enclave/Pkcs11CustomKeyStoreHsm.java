package dev.serverlesskms.enclave;

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
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.security.auth.login.FailedLoginException;

/**
 * Custom key stores on PKCS#11 tokens through the JDK's SunPKCS11 provider (SoftHSM2 in tests; the
 * same code with CloudHSM's PKCS#11 library and the kmsuser's credentials). Each key version is an
 * AES-256 token object labelled {@code kms-<key id>-v<version>}, generated in the token as a
 * sensitive, non-extractable key (a session key copied to a labelled token object: SunPKCS11 sets a
 * label only through its key store) and used there with AES-GCM; its bytes never leave the token.
 *
 * <p>Sessions are per process and per cluster: {@link #connect} logs in with the store's password,
 * {@link #disconnect} logs out; the crypto methods log in on first use, so a process (a Lambda
 * instance) that did not run ConnectCustomKeyStore serves a store whose stored state is CONNECTED.
 * A PKCS#11 login belongs to the process and the token: a cluster's token must not be the root
 * key's token, or a disconnect would log the root key out too.
 *
 * <p>Passwords are sealed under the enclave's root key, bound to the store id; they are unsealed
 * only to log in, and wiped after.
 */
public final class Pkcs11CustomKeyStoreHsm implements CustomKeyStoreHsm {
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final Pattern PKCS11_RETURN_VALUE = Pattern.compile("CKR_[A-Z0-9_]+");

  private final Map<String, Pkcs11Cluster> clusters;
  private final RootKey rootKey;
  private final SecureRandom random;
  private final Map<String, Provider> providers = new ConcurrentHashMap<>();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  /** A logged-in token: its key store, and the token keys this process found or made. */
  private record Session(String storeId, KeyStore keyStore, Map<String, SecretKey> keys) {}

  /**
   * @param clusters the declared clusters
   * @param rootKey seals the stores' passwords; not owned (the enclave closes it)
   */
  public Pkcs11CustomKeyStoreHsm(
      List<Pkcs11Cluster> clusters, RootKey rootKey, SecureRandom random) {
    this.clusters =
        clusters.stream().collect(Collectors.toUnmodifiableMap(Pkcs11Cluster::id, c -> c));
    this.rootKey = rootKey;
    this.random = random;
  }

  @Override
  public Optional<HsmCluster> cluster(String clusterId) {
    return Optional.ofNullable(clusters.get(clusterId))
        .map(c -> new HsmCluster(c.id(), c.token(), c.trustAnchorCertificate()));
  }

  @Override
  public SealedPassword sealPassword(String customKeyStoreId, String password) {
    byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
    try {
      return new SealedPassword(rootKey.wrap(bytes, passwordAad(customKeyStoreId)));
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static byte[] passwordAad(String customKeyStoreId) {
    return ("serverless-kms custom key store password " + customKeyStoreId)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The password as a PIN; the caller wipes it. */
  private char[] pin(CustomKeyStore store) {
    byte[] bytes;
    try {
      bytes = rootKey.unwrap(store.password().bytes(), passwordAad(store.id()));
    } catch (RootKeyUnwrapException e) {
      throw new HsmConnectionException(
          ConnectionErrorCode.INTERNAL_ERROR,
          "the stored password of " + store.id() + " does not unseal under this root key",
          null);
    }
    try {
      CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
      char[] pin = Arrays.copyOfRange(chars.array(), chars.position(), chars.limit());
      Arrays.fill(chars.array(), '\0');
      return pin;
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  @Override
  public void connect(CustomKeyStore store) {
    Pkcs11Cluster cluster = declared(store);
    // A fresh login, which checks the password: SunPKCS11 takes a login as done while the process
    // is logged in to the token (a PKCS#11 login is per process and token).
    sessions.remove(cluster.token());
    provider(cluster);
    logout(cluster);
    sessions.put(cluster.token(), login(cluster, store));
  }

  @Override
  public void disconnect(CustomKeyStore store) {
    Pkcs11Cluster cluster = clusters.get(store.cloudHsmClusterId());
    if (cluster != null && sessions.remove(cluster.token()) != null) {
      logout(cluster);
    }
  }

  private Pkcs11Cluster declared(CustomKeyStore store) {
    Pkcs11Cluster cluster = clusters.get(store.cloudHsmClusterId());
    if (cluster == null) {
      throw new HsmConnectionException(
          ConnectionErrorCode.CLUSTER_NOT_FOUND,
          "cluster " + store.cloudHsmClusterId() + " is not declared",
          null);
    }
    return cluster;
  }

  private Session login(Pkcs11Cluster cluster, CustomKeyStore store) {
    Provider provider = provider(cluster);
    char[] pin = pin(store);
    try {
      KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
      keyStore.load(null, pin);
      return new Session(store.id(), keyStore, new ConcurrentHashMap<>());
    } catch (Exception e) {
      throw new HsmConnectionException(
          loginFailure(e),
          "cannot log in to the token of cluster "
              + cluster.id()
              + " (slot "
              + cluster.slot()
              + ")",
          e);
    } finally {
      Arrays.fill(pin, '\0');
    }
  }

  /** AWS's code for why a login failed: a wrong or locked PIN, or anything else. */
  private static ConnectionErrorCode loginFailure(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      String message = String.valueOf(cause.getMessage());
      if (message.contains("CKR_PIN_LOCKED")) {
        return ConnectionErrorCode.USER_LOCKED_OUT;
      }
      if (cause instanceof FailedLoginException || message.contains("CKR_PIN_INCORRECT")) {
        return ConnectionErrorCode.INVALID_CREDENTIALS;
      }
      if (message.contains("CKR_SLOT_ID_INVALID") || message.contains("CKR_TOKEN_NOT_PRESENT")) {
        return ConnectionErrorCode.CLUSTER_NOT_FOUND;
      }
    }
    return ConnectionErrorCode.INTERNAL_ERROR;
  }

  private void logout(Pkcs11Cluster cluster) {
    Provider provider = providers.get(cluster.token());
    if (provider instanceof java.security.AuthProvider auth) {
      try {
        auth.logout();
      } catch (Exception e) {
        System.getLogger(Pkcs11CustomKeyStoreHsm.class.getName())
            .log(System.Logger.Level.WARNING, "logout from cluster " + cluster.id() + " failed", e);
      }
    }
  }

  /**
   * The cluster's SunPKCS11 provider, one per token and process, never registered in {@link
   * Security}. Keys it generates are session objects that are sensitive and never extractable;
   * {@link #generateKey} makes the labelled token object from one.
   */
  private Provider provider(Pkcs11Cluster cluster) {
    return providers.computeIfAbsent(
        cluster.token(),
        token -> {
          Provider base = Security.getProvider("SunPKCS11");
          if (base == null) {
            throw new HsmConnectionException(
                ConnectionErrorCode.INTERNAL_ERROR, "this JDK has no SunPKCS11 provider", null);
          }
          String configuration =
              String.join(
                  "\n",
                  "name = kms-cks-" + Integer.toHexString(token.hashCode()),
                  "library = \"" + cluster.library() + "\"",
                  "slot = " + cluster.slot(),
                  "attributes(generate, CKO_SECRET_KEY, CKK_AES) = {",
                  "  CKA_TOKEN = false",
                  "  CKA_SENSITIVE = true",
                  "  CKA_EXTRACTABLE = false",
                  "  CKA_ENCRYPT = true",
                  "  CKA_DECRYPT = true",
                  "  CKA_WRAP = false",
                  "  CKA_UNWRAP = false",
                  "  CKA_SIGN = false",
                  "  CKA_VERIFY = false",
                  "  CKA_DERIVE = false",
                  "}",
                  "");
          try {
            return base.configure("--" + configuration);
          } catch (RuntimeException e) {
            throw new HsmConnectionException(
                ConnectionErrorCode.CLUSTER_NOT_FOUND,
                "cannot use PKCS#11 library "
                    + cluster.library()
                    + " slot "
                    + cluster.slot()
                    + " for cluster "
                    + cluster.id(),
                e);
          }
        });
  }

  /** The store's session in this process, logging in on first use. */
  private Session session(CustomKeyStore store) {
    Pkcs11Cluster cluster = clusters.get(store.cloudHsmClusterId());
    if (cluster == null) {
      throw new KeyMaterialUnavailableException(
          "cluster " + store.cloudHsmClusterId() + " is not declared");
    }
    try {
      return sessions.computeIfAbsent(cluster.token(), token -> login(cluster, store));
    } catch (HsmConnectionException e) {
      throw new KeyMaterialUnavailableException(
          "custom key store "
              + store.id()
              + " cannot log in to its token: "
              + e.code()
              + pkcs11Reason(e));
    }
  }

  /**
   * The PKCS#11 return value behind a failure (" (CKR_TOKEN_NOT_PRESENT)"), or "" when none: the
   * lifecycle job logs this message when it cannot destroy a deleted key's token object, and the
   * connection code alone did not tell a missing token from one that was busy. Only the name is
   * taken, never the rest of a provider's message.
   */
  static String pkcs11Reason(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      Matcher name = PKCS11_RETURN_VALUE.matcher(String.valueOf(cause.getMessage()));
      if (name.find()) {
        return " (" + name.group() + ")";
      }
    }
    return "";
  }

  static String label(KeyVersionRef ref) {
    return "kms-" + ref.keyId().value() + "-v" + ref.version();
  }

  /** The token key of a version, checked to be the one its reference names. */
  private SecretKey tokenKey(CustomKeyStore store, KeyVersionRef ref, WrappedKey reference) {
    String label = new String(reference.bytes(), StandardCharsets.UTF_8);
    if (!label.equals(label(ref))) {
      throw new KeyMaterialUnavailableException("a token key reference of another key version");
    }
    Session session = session(store);
    SecretKey key = session.keys().computeIfAbsent(label, find(store, session));
    if (key == null) {
      throw new KeyMaterialUnavailableException("no token object " + label);
    }
    return key;
  }

  /**
   * Finds a token object by label; SunPKCS11's key store lists labels when loaded, so an object
   * another process made since is found after a reload (the login stands).
   */
  private Function<String, SecretKey> find(CustomKeyStore store, Session session) {
    return label -> {
      try {
        Key found = session.keyStore().getKey(label, null);
        if (found == null) {
          char[] pin = pin(store);
          try {
            session.keyStore().load(null, pin);
          } finally {
            Arrays.fill(pin, '\0');
          }
          found = session.keyStore().getKey(label, null);
        }
        return found instanceof SecretKey secret ? secret : null;
      } catch (Exception e) {
        throw new KeyMaterialUnavailableException("cannot read token object " + label);
      }
    };
  }

  @Override
  public Enclave.NewKeyVersion generateKey(CustomKeyStore store, KeyVersionRef ref) {
    Session session = session(store);
    String label = label(ref);
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES", session.keyStore().getProvider());
      generator.init(256);
      SecretKey sessionKey = generator.generateKey();
      session.keyStore().setEntry(label, new KeyStore.SecretKeyEntry(sessionKey), null);
      Key tokenKey = session.keyStore().getKey(label, null);
      if (!(tokenKey instanceof SecretKey secret) || secret.getEncoded() != null) {
        throw new IllegalStateException("the token made an extractable key for " + label);
      }
      session.keys().put(label, secret);
    } catch (GeneralSecurityException e) {
      throw new KeyMaterialUnavailableException("cannot generate a key in the token: " + e);
    }
    byte[] materialId = new byte[32];
    random.nextBytes(materialId);
    return new Enclave.NewKeyVersion(
        new WrappedKey(label.getBytes(StandardCharsets.UTF_8)),
        HexFormat.of().formatHex(materialId));
  }

  @Override
  public byte[] seal(
      CustomKeyStore store, KeyVersionRef ref, WrappedKey tokenKey, byte[] plaintext, byte[] aad) {
    SecretKey key = tokenKey(store, ref, tokenKey);
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION, session(store).keyStore().getProvider());
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(aad);
      byte[] sealed = cipher.doFinal(plaintext);
      byte[] out = Arrays.copyOf(iv, IV_BYTES + sealed.length);
      System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new KeyMaterialUnavailableException("token encryption failed: " + e);
    }
  }

  @Override
  public byte[] open(
      CustomKeyStore store, KeyVersionRef ref, WrappedKey tokenKey, byte[] sealed, byte[] aad) {
    SecretKey key = tokenKey(store, ref, tokenKey);
    if (sealed.length < IV_BYTES + TAG_BITS / 8) {
      throw new EnclaveAuthenticationException();
    }
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION, session(store).keyStore().getProvider());
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
      cipher.updateAAD(aad);
      return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
    } catch (AEADBadTagException e) {
      throw new EnclaveAuthenticationException();
    } catch (GeneralSecurityException e) {
      throw new KeyMaterialUnavailableException("token decryption failed: " + e);
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
    try {
      SecureRandom tokenRandom =
          SecureRandom.getInstance("PKCS11", session(store).keyStore().getProvider());
      byte[] bytes = new byte[lengthBytes];
      tokenRandom.nextBytes(bytes);
      return bytes;
    } catch (GeneralSecurityException e) {
      throw new KeyMaterialUnavailableException("the token gives no random bytes: " + e);
    }
  }

  @Override
  public void destroyKey(CustomKeyStore store, KeyVersionRef ref, WrappedKey tokenKey) {
    tokenKey(store, ref, tokenKey);
    Session session = session(store);
    String label = label(ref);
    try {
      session.keyStore().deleteEntry(label);
      session.keys().remove(label);
    } catch (GeneralSecurityException e) {
      throw new KeyMaterialUnavailableException("cannot destroy token object " + label);
    }
  }

  @Override
  public String toString() {
    return "Pkcs11CustomKeyStoreHsm" + clusters.keySet();
  }
}
