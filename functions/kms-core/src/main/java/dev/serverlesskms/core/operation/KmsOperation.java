package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.KmsRequest;
import dev.serverlesskms.core.api.KmsResponse;

/**
 * One KMS operation. Implementations hold the rules (validation, key state, limits, errors); the
 * {@link Kms} facade audits every call.
 */
@FunctionalInterface
public interface KmsOperation<Q extends KmsRequest, R extends KmsResponse> {
  /**
   * @throws dev.serverlesskms.core.error.KmsException for every failure the caller should see
   */
  R execute(Q request, OperationContext context);
}
