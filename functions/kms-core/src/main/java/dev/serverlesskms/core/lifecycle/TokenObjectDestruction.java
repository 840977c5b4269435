package dev.serverlesskms.core.lifecycle;

import dev.serverlesskms.core.model.CustomKeyStore;
import dev.serverlesskms.core.model.KeyVersion;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.CustomKeyStoreHsm;
import dev.serverlesskms.core.port.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Destroys the token objects of a key the lifecycle job has just deleted, if its custom key store
 * is CONNECTED. A store that is not connected keeps them, orphaned, as AWS leaves key material in a
 * CloudHSM cluster whose store was disconnected when the key was deleted.
 *
 * <p>A failing destruction is tried again after each of the {@code pauses}: a token can refuse a
 * login for a moment (a fresh process's first login to it once failed 0.4 s after start), and a
 * token object left behind is key material of a deleted key that nobody would otherwise remove.
 * What still fails is logged, never thrown: the key's deletion is already written.
 */
final class TokenObjectDestruction {
  private static final System.Logger LOG = System.getLogger(TokenObjectDestruction.class.getName());

  /** Waits between attempts; tests observe the waits instead of waiting. */
  @FunctionalInterface
  interface Pause {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final KeyStore store;
  private final CustomKeyStoreHsm hsm;
  private final List<Duration> pauses;
  private final Pause pause;

  TokenObjectDestruction(
      KeyStore store, CustomKeyStoreHsm hsm, List<Duration> pauses, Pause pause) {
    this.store = store;
    this.hsm = hsm;
    this.pauses = List.copyOf(pauses);
    this.pause = pause;
  }

  /** Destroys every version's token object of {@code deleted}; nothing for other keys. */
  void destroy(KmsKey deleted) {
    if (deleted.customKeyStoreId() == null) {
      return;
    }
    Optional<CustomKeyStore> customKeyStore = store.findCustomKeyStore(deleted.customKeyStoreId());
    if (customKeyStore.isEmpty() || !customKeyStore.get().connected()) {
      LOG.log(
          System.Logger.Level.WARNING,
          "deleted key "
              + deleted.keyId().value()
              + ": custom key store "
              + deleted.customKeyStoreId()
              + " is not connected, its token objects stay in the token");
      return;
    }
    for (KeyVersion version : deleted.versions()) {
      destroy(customKeyStore.get(), deleted, version);
    }
  }

  private void destroy(CustomKeyStore customKeyStore, KmsKey deleted, KeyVersion version) {
    KeyVersionRef ref = new KeyVersionRef(deleted.keyId(), version.number());
    for (int attempt = 0; ; attempt++) {
      try {
        hsm.destroyKey(customKeyStore, ref, version.material());
        return;
      } catch (RuntimeException e) {
        // The message names the key version and the token's return value, never material.
        String what =
            "deleted key "
                + deleted.keyId().value()
                + ": the token object of version "
                + version.number();
        if (attempt == pauses.size()) {
          LOG.log(
              System.Logger.Level.WARNING,
              what + " was not destroyed after " + (attempt + 1) + " attempts",
              e);
          return;
        }
        LOG.log(
            System.Logger.Level.INFO,
            what + " was not destroyed (" + e.getMessage() + "), trying again");
        try {
          pause.sleep(pauses.get(attempt));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          LOG.log(
              System.Logger.Level.WARNING,
              what + " was not destroyed: interrupted before trying again",
              e);
          return;
        }
      }
    }
  }
}
