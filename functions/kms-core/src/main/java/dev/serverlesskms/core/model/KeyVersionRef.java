package dev.serverlesskms.core.model;

import java.util.Objects;

/** Names one key version: the identity a wrapped key is bound to inside the enclave. */
public record KeyVersionRef(KeyId keyId, int version) {
  public KeyVersionRef {
    Objects.requireNonNull(keyId, "keyId");
    if (version < 1) {
      throw new IllegalArgumentException("key versions start at 1, got " + version);
    }
  }
}
