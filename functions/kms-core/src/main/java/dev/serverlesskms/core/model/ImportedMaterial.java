package dev.serverlesskms.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * What a key with origin EXTERNAL remembers of its imported material, also after that material was
 * deleted or expired: a re-import must bring the same material ({@code materialId} matches).
 *
 * @param materialId the KeyMaterialId of the material first imported (a keyed digest, not the
 *     material)
 * @param expirationModel whether the current import expires
 * @param validTo when it expires, for {@link ExpirationModel#KEY_MATERIAL_EXPIRES}
 */
public record ImportedMaterial(
    String materialId, ExpirationModel expirationModel, Instant validTo) {
  public ImportedMaterial {
    Objects.requireNonNull(materialId, "materialId");
    Objects.requireNonNull(expirationModel, "expirationModel");
  }
}
