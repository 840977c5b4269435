package dev.serverlesskms.core.lifecycle;

import dev.serverlesskms.core.model.ImportedMaterial;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KmsKey;
import java.util.List;

/**
 * Removes a key's imported material, on DeleteImportedKeyMaterial or when it expires: no versions
 * left, the key waits for a re-import (a key pending deletion stays pending deletion). The material
 * id is kept so that a re-import can be checked to bring the same material.
 */
public final class ImportedMaterialRemoval {
  private ImportedMaterialRemoval() {}

  public static KmsKey remove(KmsKey key) {
    ImportedMaterial kept = key.importedMaterial() == null ? null
        : new ImportedMaterial(key.importedMaterial().materialId(), key.importedMaterial().expirationModel(), null);
    return key.toBuilder()
        .versions(List.of())
        .importedMaterial(kept)
        .state(key.state() == KeyState.PENDING_DELETION ? KeyState.PENDING_DELETION : KeyState.PENDING_IMPORT)
        .build();
  }
}
