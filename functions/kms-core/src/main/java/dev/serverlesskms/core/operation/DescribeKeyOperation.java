package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.DescribeKeyRequest;
import dev.serverlesskms.core.api.DescribeKeyResponse;
import dev.serverlesskms.core.authz.KeyAccess;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.KmsLocation;

/**
 * KMS {@code DescribeKey}: the key's metadata, in every key state. Accepts aliases.
 *
 * <p>Errors: NotFoundException. Audit event {@code DescribeKey}.
 */
final class DescribeKeyOperation implements KmsOperation<DescribeKeyRequest, DescribeKeyResponse> {
  private final KeyResolver resolver;
  private final KmsLocation location;
  private final CustomKeyStores customKeyStores;

  DescribeKeyOperation(KeyResolver resolver, KmsLocation location) {
    this(resolver, location, null);
  }

  /**
   * @param customKeyStores reads the store of a key in a custom key store (its cluster, and whether
   *     the key is Unavailable); {@code null} when no key is in one
   */
  DescribeKeyOperation(
      KeyResolver resolver, KmsLocation location, CustomKeyStores customKeyStores) {
    this.resolver = resolver;
    this.location = location;
    this.customKeyStores = customKeyStores;
  }

  @Override
  public DescribeKeyResponse execute(DescribeKeyRequest request, OperationContext context) {
    Validation.grantTokens(request.grantTokens());
    KmsKey key = resolver.resolve(request.keyId(), "keyId", context);
    context.touched(key);
    context.authorize(
        KeyAccess.grantable(
            context.operation(),
            key,
            RequestAlias.conditions(request.keyId()),
            null,
            request.grantTokens()));
    return new DescribeKeyResponse(
        KeyMetadataMapper.toMetadata(
            key, location, customKeyStores == null ? null : customKeyStores.of(key)));
  }
}
