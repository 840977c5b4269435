package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.Alias;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.core.port.KeyStore;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns the {@code KeyId} member of a request into a key, accepting what AWS accepts there: a key
 * id, a key ARN, and, where the operation allows aliases, an alias name ({@code alias/x}) or alias
 * ARN. Fails with AWS's NotFoundException wording.
 */
public final class KeyResolver {
  /** Whether the operation accepts an alias as its KeyId. */
  public enum Aliases {
    ALLOWED,
    NOT_ALLOWED
  }

  private final KmsLocation location;
  private final KeyStore store;
  private final AwsManagedKeys managedKeys;

  public KeyResolver(KmsLocation location, KeyStore store) {
    this(location, store, null);
  }

  /**
   * @param managedKeys creates AWS managed keys on the first use of their predefined alias ({@link
   *     #resolve(String, String, OperationContext)}); {@code null}: never
   */
  KeyResolver(KmsLocation location, KeyStore store, AwsManagedKeys managedKeys) {
    this.location = location;
    this.store = store;
    this.managedKeys = managedKeys;
  }

  /**
   * The key a request names, as it is at {@code now} ({@link KmsKey#asOf}).
   *
   * @param member the request member, for the validation message ({@code keyId}, {@code
   *     destinationKeyId}, ...)
   * @param now the instant the request is served at
   */
  public KmsKey resolve(String keyIdMember, String member, Aliases aliases, Instant now) {
    KeyId keyId = resolveId(keyIdMember, member, aliases);
    return find(keyId, now).orElseThrow(() -> keyDoesNotExist(keyId));
  }

  /**
   * The key a request names where aliases are allowed, as it is at the request's time. A predefined
   * {@code alias/aws/<service>} that names no key yet gets its AWS managed key now, for a caller of
   * this account: the request is its first use ({@link AwsManagedKeys}).
   */
  public KmsKey resolve(String keyIdMember, String member, OperationContext context) {
    KeyId keyId = resolveId(keyIdMember, member, context);
    return find(keyId, context.now()).orElseThrow(() -> keyDoesNotExist(keyId));
  }

  /** {@link #resolveId(String, String, Aliases)} with aliases allowed, as {@link #resolve} does. */
  public KeyId resolveId(String keyIdMember, String member, OperationContext context) {
    return resolveId(keyIdMember, member, Aliases.ALLOWED, context);
  }

  /**
   * The key with this id as it is at {@code now}: the one way requests read a key, so that none
   * sees imported material past its ValidTo ({@link KmsKey#asOf}).
   */
  public Optional<KmsKey> find(KeyId keyId, Instant now) {
    return store.find(keyId).map(key -> key.asOf(now));
  }

  /** Resolves to a key id without reading the key itself (aliases are still looked up). */
  public KeyId resolveId(String keyIdMember, String member, Aliases aliases) {
    return resolveId(keyIdMember, member, aliases, null);
  }

  /**
   * @param context the request, when a predefined alias without a key may get its AWS managed key;
   *     {@code null}: it is not found
   */
  private KeyId resolveId(
      String keyIdMember, String member, Aliases aliases, OperationContext context) {
    Validation.required(keyIdMember, member);
    Validation.length(keyIdMember, 1, 2048, member);
    boolean isArn = keyIdMember.startsWith("arn:");
    String resource = isArn ? resourceOfArn(keyIdMember) : keyIdMember;
    if (resource.startsWith("alias/")) {
      if (aliases == Aliases.NOT_ALLOWED) {
        throw invalidKeyId(keyIdMember);
      }
      Optional<KeyId> target = store.findAlias(resource).map(Alias::targetKeyId);
      if (target.isEmpty() && context != null && managedKeys != null) {
        target = managedKeys.createOnFirstUse(resource, context);
      }
      return target.orElseThrow(() -> aliasNotFound(resource));
    }
    String id = isArn ? resource.substring("key/".length()) : resource;
    if (!KeyId.isWellFormed(id)) {
      throw invalidKeyId(keyIdMember);
    }
    return new KeyId(id);
  }

  /**
   * The resource part of a KMS ARN in this region and account ({@code key/<id>} or {@code
   * alias/<n>}).
   */
  private String resourceOfArn(String arn) {
    String[] parts = arn.split(":", 6);
    if (parts.length != 6 || !parts[2].equals("kms") || parts[5].isEmpty()) {
      throw invalidKeyId(arn);
    }
    if (!parts[1].equals(location.partition()) || !parts[3].equals(location.region())) {
      throw KmsException.of(KmsErrorType.NOT_FOUND, "Invalid arn " + Validation.echo(parts[3]));
    }
    if (!parts[4].equals(location.accountId())) {
      // Cross-account keys do not exist here; AWS answers a foreign, unknown key the same way.
      throw KmsException.of(
          KmsErrorType.NOT_FOUND, "Key '" + Validation.echo(arn) + "' does not exist");
    }
    String resource = parts[5];
    if (!resource.startsWith("key/") && !resource.startsWith("alias/")) {
      throw invalidKeyId(arn);
    }
    return resource;
  }

  public KmsException keyDoesNotExist(KeyId keyId) {
    return KmsException.of(
        KmsErrorType.NOT_FOUND, "Key '" + location.keyArn(keyId) + "' does not exist");
  }

  public KmsException aliasNotFound(String aliasName) {
    return KmsException.of(
        KmsErrorType.NOT_FOUND,
        "Alias " + location.aliasArn(Validation.echo(aliasName)) + " is not found.");
  }

  private static KmsException invalidKeyId(String keyId) {
    return KmsException.of(
        KmsErrorType.NOT_FOUND, "Invalid keyId '" + Validation.echo(keyId) + "'");
  }
}
