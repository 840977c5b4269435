package dev.serverlesskms.functions.snapstart;

import dev.serverlesskms.core.api.CreateKeyRequest;
import dev.serverlesskms.core.api.DecryptRequest;
import dev.serverlesskms.core.api.EncryptRequest;
import dev.serverlesskms.core.api.GenerateDataKeyRequest;
import dev.serverlesskms.core.model.DataKeySpec;
import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.core.operation.Kms;
import dev.serverlesskms.core.port.KmsEnvironment;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.core.request.RequestContext;
import dev.serverlesskms.enclave.KeyVersionEnclave;
import dev.serverlesskms.enclave.RootKeySecret;
import dev.serverlesskms.local.MvStoreKeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * Runs the data path (CreateKey, Encrypt, Decrypt, GenerateDataKey) through the real {@link Kms}
 * facade against a throw-away KMS of its own: an in-memory store, an enclave with a random root key
 * that exists only here, and an audit sink that drops its records. So the classes, the JIT profile
 * and the per-thread crypto objects of the hot path are warm when SnapStart takes its snapshot,
 * while the snapshot holds no customer key, no data and no connection to the real store or stream.
 */
public final class HotPathPrimer {
  /**
   * Enough rounds for the interpreter to hand the hot methods to C1, without slowing the deploy.
   */
  public static final int DEFAULT_ROUNDS = 250;

  private static final KmsLocation LOCATION = KmsLocation.of("us-east-1", "111122223333");
  private static final Map<String, String> CONTEXT = Map.of("purpose", "snapstart-priming");
  private static final RequestContext ROOT =
      new RequestContext(
          "snapstart-priming",
          new Caller(
              "Root",
              "111122223333",
              "arn:aws:iam::111122223333:root",
              "111122223333",
              "AKIDPRIME"),
          "127.0.0.1",
          "snapstart-priming");

  private HotPathPrimer() {}

  /**
   * Runs {@code rounds} rounds of Encrypt 4 KB, Decrypt and GenerateDataKey on one fresh key;
   * returns the number of round trips whose Decrypt gave the plaintext back (all of them, or the
   * hot path is broken).
   */
  public static int prime(int rounds) {
    SecureRandom random = new SecureRandom();
    byte[] rootKey = new byte[32];
    random.nextBytes(rootKey);
    byte[] plaintext = new byte[4096];
    random.nextBytes(plaintext);
    int verified = 0;
    try (MvStoreKeyStore store = MvStoreKeyStore.inMemory();
        KeyVersionEnclave enclave =
            new KeyVersionEnclave(
                RootKeySecret.decode(Base64.getEncoder().encodeToString(rootKey)), random, 16)) {
      Arrays.fill(rootKey, (byte) 0);
      Kms kms =
          new Kms(new KmsEnvironment(LOCATION, store, enclave, Clock.systemUTC()), event -> {});
      String keyId =
          kms.invoke(
                  kms.createKey,
                  new CreateKeyRequest(
                      null, "priming", null, null, null, null, null, null, null, null, null),
                  ROOT)
              .keyMetadata()
              .keyId();
      for (int i = 0; i < rounds; i++) {
        byte[] ciphertext =
            kms.invoke(
                    kms.encrypt,
                    new EncryptRequest(keyId, plaintext, CONTEXT, null, null, null),
                    ROOT)
                .ciphertextBlob();
        byte[] decrypted =
            kms.invoke(
                    kms.decrypt,
                    new DecryptRequest(ciphertext, CONTEXT, null, null, null, null),
                    ROOT)
                .plaintext();
        kms.invoke(
            kms.generateDataKey,
            new GenerateDataKeyRequest(keyId, CONTEXT, null, DataKeySpec.AES_256, null, null),
            ROOT);
        if (Arrays.equals(plaintext, decrypted)) {
          verified++;
        }
      }
    }
    return verified;
  }
}
