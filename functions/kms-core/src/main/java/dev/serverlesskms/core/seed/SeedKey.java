package dev.serverlesskms.core.seed;

import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.Tag;
import java.util.List;

/**
 * One entry of a seed file's {@code Keys}, checked by {@link SeedFileReader}. A field the file
 * leaves out is {@code null}: the applier leaves that setting of an existing key alone, and gives a
 * new key the CreateKey default.
 *
 * @param index the entry's position in {@code Keys}, from 0 (named in every problem)
 * @param material the key material in the clear, or {@code null} (generated in the enclave); never
 *     shown by {@link #toString()}
 * @param aliases the key's complete set of aliases, or {@code null}
 * @param tags the key's complete set of tags, or {@code null}
 * @param policy the key policy (JSON text), or {@code null}
 * @param rotation the automatic rotation settings, or {@code null}
 */
public record SeedKey(
    int index,
    KeyId keyId,
    String description,
    KeySpec keySpec,
    KeyUsage keyUsage,
    byte[] material,
    List<String> aliases,
    List<Tag> tags,
    String policy,
    Rotation rotation) {

  /** Automatic rotation: {@code periodInDays} 90..2560 (365 when the file gives none). */
  public record Rotation(boolean enabled, int periodInDays) {}

  /** How problems name this entry: {@code Keys[2] (KeyId 0b0c...)}. */
  public String name() {
    return SeedFileException.entryName(index, keyId == null ? null : keyId.value());
  }

  @Override
  public String toString() {
    return "SeedKey["
        + name()
        + ", "
        + keySpec
        + ", "
        + keyUsage
        + (material == null ? ", generated" : ", material given")
        + "]";
  }
}
