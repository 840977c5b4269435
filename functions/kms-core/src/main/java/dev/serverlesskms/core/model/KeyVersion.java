package dev.serverlesskms.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of a key's material. Version 1 is created with the key; rotation adds the next. Every
 * version stays available for decryption for as long as the key exists.
 *
 * @param number 1, 2, ...
 * @param materialId the KMS {@code KeyMaterialId}: 64 hex characters, unique per version
 * @param material the version's key material, wrapped by the enclave and bound to (key id, number)
 * @param createdAt when this version was created
 * @param rotationType how it was created: {@code null} for the key's first version
 */
public record KeyVersion(
    int number,
    String materialId,
    WrappedKey material,
    Instant createdAt,
    RotationType rotationType) {
  public KeyVersion {
    if (number < 1) {
      throw new IllegalArgumentException("key versions start at 1, got " + number);
    }
    Objects.requireNonNull(materialId, "materialId");
    Objects.requireNonNull(material, "material");
    Objects.requireNonNull(createdAt, "createdAt");
    if (number == 1 && rotationType != null) {
      throw new IllegalArgumentException("the first version is not a rotation");
    }
  }
}
