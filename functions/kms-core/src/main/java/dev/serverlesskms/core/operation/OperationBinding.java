package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.KmsRequest;
import dev.serverlesskms.core.api.KmsResponse;

/**
 * One entry of the operation table: the AWS operation name, its request type (what the wire layer
 * deserializes into) and the operation itself.
 *
 * @param name the AWS operation name, e.g. {@code Encrypt}
 * @param requestType the request record
 * @param readOnly whether the operation changes nothing (CloudTrail's {@code readOnly})
 * @param operation the implementation
 */
public record OperationBinding<Q extends KmsRequest, R extends KmsResponse>(
    String name, Class<Q> requestType, boolean readOnly, KmsOperation<Q, R> operation) {}
