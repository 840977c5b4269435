package dev.serverlesskms.core.seed;

import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.audit.AuditRelay;
import dev.serverlesskms.core.audit.AuditSink;
import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.Alias;
import dev.serverlesskms.core.model.KeyManager;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KeyVersion;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.Origin;
import dev.serverlesskms.core.model.RotationSchedule;
import dev.serverlesskms.core.model.Tag;
import dev.serverlesskms.core.operation.DefaultKeyPolicy;
import dev.serverlesskms.core.port.Enclave;
import dev.serverlesskms.core.port.ImportedMaterialException;
import dev.serverlesskms.core.port.KmsEnvironment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Applies a {@link SeedFile} to the KMS's default region, idempotently: a key that is missing is
 * created with the file's id (its material generated in the enclave, or the file's material wrapped
 * by the enclave); a key that exists gets the file's description, aliases, tags, policy and
 * rotation settings where they differ. Applying the same file again writes nothing.
 *
 * <p>Key material is never replaced: when the file gives material for an existing key whose first
 * version holds other material, the entry is refused. The comparison is by material id (SHA-256 of
 * the key id and the material, {@link Enclave#wrapKeyMaterial}), so nothing stored is unwrapped.
 *
 * <p>Seeded keys have origin AWS_KMS even when the file gives their material: unlike AWS's imported
 * (EXTERNAL) keys, their material never expires, cannot be deleted apart from the key, and the key
 * may rotate. The file, not an import, is the material's source.
 *
 * <p>Each change is written with a {@code SeedKey} audit record naming the key and the fields that
 * changed (never material), committed with it and delivered to the audit sink.
 */
public final class SeedApplier {
  static final String EVENT_NAME = "SeedKey";

  private final KmsEnvironment env;
  private final AuditRelay relay;

  public SeedApplier(KmsEnvironment env, AuditSink audit) {
    this.env = env;
    this.relay = new AuditRelay(env.store(), audit);
  }

  /** What applying one entry did. */
  public record Outcome(SeedKey key, String action, List<String> changed) {}

  /**
   * @return one outcome per entry, in file order
   * @throws SeedFileException at the first entry that cannot be applied (entries before it stay
   *     applied: a fixed file applies them again without change)
   */
  public List<Outcome> apply(SeedFile file) {
    List<Outcome> outcomes = new ArrayList<>();
    for (SeedKey key : file.keys()) {
      outcomes.add(apply(key));
    }
    return outcomes;
  }

  private Outcome apply(SeedKey seed) {
    Instant now = env.clock().instant();
    Optional<KmsKey> existing = env.store().find(seed.keyId());
    KmsKey key;
    String action;
    List<String> changed;
    if (existing.isEmpty()) {
      key = create(seed, now);
      action = "Created";
      changed = List.of("KeyId");
    } else {
      KmsKey stored = existing.get();
      requireSameKey(seed, stored);
      KmsKey updated;
      try {
        updated = updated(seed, stored, now);
      } catch (KmsException e) {
        throw fail(seed, "KeyId", "the key cannot take the file's settings: " + e.getMessage());
      }
      changed = changedFields(stored, updated);
      key = stored;
      if (!changed.isEmpty()) {
        OutboxRecord record = record(seed, "Updated", changed, now);
        key = env.store().update(updated, record);
        relay.deliver(record);
      }
      action = changed.isEmpty() ? "Unchanged" : "Updated";
    }
    List<String> aliasChanges = applyAliases(seed, key, now);
    if (!aliasChanges.isEmpty()) {
      changed = new ArrayList<>(changed);
      changed.add("Aliases");
      if (action.equals("Unchanged")) {
        action = "Updated";
      }
    }
    return new Outcome(seed, action, List.copyOf(changed));
  }

  private KmsKey create(SeedKey seed, Instant now) {
    KeyVersionRef first = new KeyVersionRef(seed.keyId(), 1);
    Enclave.NewKeyVersion material;
    if (seed.material() != null) {
      material = wrap(seed, first);
    } else if (seed.keySpec() == dev.serverlesskms.core.model.KeySpec.SYMMETRIC_DEFAULT) {
      material = env.enclave().generateKeyVersion(first);
    } else {
      material = env.enclave().generateKeyVersion(first, seed.keySpec());
    }
    KmsKey key =
        KmsKey.builder()
            .keyId(seed.keyId())
            .arn(env.location().keyArn(seed.keyId()))
            .creationDate(now)
            .description(seed.description() == null ? "" : seed.description())
            .keySpec(seed.keySpec())
            .keyUsage(seed.keyUsage())
            .origin(Origin.AWS_KMS)
            .state(KeyState.ENABLED)
            .policy(
                seed.policy() != null ? seed.policy() : DefaultKeyPolicy.forAccount(env.location()))
            .keyManager(KeyManager.CUSTOMER)
            .tags(seed.tags())
            .rotation(RotationSchedule.disabled())
            .versions(
                List.of(new KeyVersion(1, material.materialId(), material.material(), now, null)))
            .build();
    if (seed.rotation() != null && seed.rotation().enabled()) {
      key = key.enableRotation(seed.rotation().periodInDays(), now);
    }
    OutboxRecord record = record(seed, "Created", List.of(), now);
    KmsKey created = env.store().create(key, record, env.quotas().customerKeysPerRegion());
    relay.deliver(record);
    return created;
  }

  private Enclave.NewKeyVersion wrap(SeedKey seed, KeyVersionRef ref) {
    try {
      return env.enclave().wrapKeyMaterial(ref, seed.keySpec(), seed.material());
    } catch (ImportedMaterialException e) {
      // the enclave's message names the problem (length, curve, not PKCS#8), never the bytes
      throw fail(seed, "Material", "not " + seed.keySpec() + " key material: " + e.getMessage());
    }
  }

  /** The stored key is the file's: same spec and usage, origin, and (when given) material. */
  private void requireSameKey(SeedKey seed, KmsKey stored) {
    if (stored.keySpec() != seed.keySpec()) {
      throw fail(
          seed, "KeySpec", "the stored key is " + stored.keySpec() + "; a key spec never changes");
    }
    if (stored.keyUsage() != seed.keyUsage()) {
      throw fail(
          seed,
          "KeyUsage",
          "the stored key is " + stored.keyUsage() + "; a key usage never changes");
    }
    if (stored.origin() != Origin.AWS_KMS || stored.keyManager() != KeyManager.CUSTOMER) {
      throw fail(
          seed, "KeyId", "the stored key (origin " + stored.origin() + ") is not a seeded key");
    }
    if (seed.material() != null) {
      Optional<KeyVersion> first = stored.version(1);
      String given = wrap(seed, new KeyVersionRef(seed.keyId(), 1)).materialId();
      if (first.isEmpty() || !first.get().materialId().equals(given)) {
        throw fail(
            seed,
            "Material",
            "differs from the stored key's material (key material is never replaced; use a new"
                + " KeyId, or delete the data directory for a fresh start)");
      }
    }
  }

  /** The stored key with the file's settings, through the key's own intents (its rules apply). */
  private static KmsKey updated(SeedKey seed, KmsKey stored, Instant now) {
    KmsKey key = stored;
    if (seed.description() != null) {
      key = key.updateDescription(seed.description());
    }
    if (seed.tags() != null && !seed.tags().equals(key.tags())) {
      List<String> dropped =
          key.tags().stream()
              .map(Tag::tagKey)
              .filter(k -> seed.tags().stream().noneMatch(t -> t.tagKey().equals(k)))
              .toList();
      key = key.untag(dropped).tag(seed.tags());
    }
    if (seed.policy() != null) {
      key = key.replacePolicy(seed.policy());
    }
    if (seed.rotation() != null) {
      RotationSchedule rotation = key.rotation();
      if (seed.rotation().enabled()) {
        if (!rotation.enabled()
            || !Integer.valueOf(seed.rotation().periodInDays()).equals(rotation.periodInDays())) {
          key = key.enableRotation(seed.rotation().periodInDays(), now);
        }
      } else if (rotation.enabled()) {
        key = key.disableRotation();
      }
    }
    return key;
  }

  private static List<String> changedFields(KmsKey before, KmsKey after) {
    List<String> changed = new ArrayList<>();
    if (!before.description().equals(after.description())) {
      changed.add("Description");
    }
    if (!before.tags().equals(after.tags())) {
      changed.add("Tags");
    }
    if (!before.policy().equals(after.policy())) {
      changed.add("Policy");
    }
    if (!before.rotation().equals(after.rotation())) {
      changed.add("Rotation");
    }
    return changed;
  }

  /**
   * The file's aliases, when it lists them, become the key's complete set: missing ones are created
   * (or moved from another key), others of the key deleted.
   */
  private List<String> applyAliases(SeedKey seed, KmsKey key, Instant now) {
    if (seed.aliases() == null) {
      return List.of();
    }
    List<String> changes = new ArrayList<>();
    for (String name : seed.aliases()) {
      Optional<Alias> current = env.store().findAlias(name);
      if (current.isEmpty()) {
        OutboxRecord record = record(seed, "Updated", List.of("Aliases: +" + name), now);
        env.store().createAlias(new Alias(name, seed.keyId(), now, now), record);
        relay.deliver(record);
        changes.add("+" + name);
      } else if (!current.get().targetKeyId().equals(seed.keyId())) {
        OutboxRecord record = record(seed, "Updated", List.of("Aliases: moved " + name), now);
        env.store().updateAlias(current.get().retarget(seed.keyId(), now), record);
        relay.deliver(record);
        changes.add("moved " + name);
      }
    }
    String cursor = null;
    List<String> extra = new ArrayList<>();
    do {
      var page = env.store().listAliases(key.keyId(), cursor, 100);
      for (Alias alias : page.items()) {
        if (!seed.aliases().contains(alias.aliasName())) {
          extra.add(alias.aliasName());
        }
      }
      cursor = page.nextCursor();
    } while (cursor != null);
    for (String name : extra) {
      OutboxRecord record = record(seed, "Updated", List.of("Aliases: -" + name), now);
      if (env.store().deleteAlias(name, record)) {
        relay.deliver(record);
        changes.add("-" + name);
      }
    }
    return changes;
  }

  /** The SeedKey audit record: the key, the action and the fields changed; never material. */
  private OutboxRecord record(SeedKey seed, String action, List<String> changed, Instant now) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("keyId", seed.keyId().value());
    parameters.put("seedEntry", seed.index());
    parameters.put("keySpec", seed.keySpec().toString());
    parameters.put("keyUsage", seed.keyUsage().name());
    parameters.put("materialGiven", seed.material() != null);
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("action", action);
    response.put("changed", List.copyOf(changed));
    String arn = env.location().keyArn(seed.keyId());
    AuditEvent event =
        new AuditEvent(
            "1.08",
            now,
            EVENT_NAME,
            "kms.amazonaws.com",
            env.location().region(),
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString(),
            new AuditEvent.UserIdentity(
                "AWSService", "seed-file", null, env.location().accountId(), null, "seed-file"),
            "seed-file",
            null,
            parameters,
            response,
            null,
            null,
            List.of(new AuditEvent.Resource(env.location().accountId(), "AWS::KMS::Key", arn)),
            false,
            "AwsServiceEvent",
            env.location().accountId());
    return OutboxRecord.of(event);
  }

  private static SeedFileException fail(SeedKey seed, String field, String problem) {
    return SeedFileException.of(seed.index(), seed.keyId().value(), field, problem);
  }
}
