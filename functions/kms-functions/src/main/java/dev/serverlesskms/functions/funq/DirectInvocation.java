package dev.serverlesskms.functions.funq;

import dev.serverlesskms.core.request.RequestContext;
import dev.serverlesskms.functions.config.KmsConfig;
import dev.serverlesskms.functions.principals.Identity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * The request context of a direct function invocation ({@code aws lambda invoke}, {@code sam local
 * invoke}). Such a payload carries no caller identity: whoever may invoke the function was decided
 * by IAM before the call ({@code lambda:InvokeFunction} on it), so the caller is the root of the
 * KMS's account, which every key's default policy allows and no identity policy restricts. Give
 * {@code lambda:InvokeFunction} on the per-operation functions only to those who may do everything
 * the function does; callers whose key and identity policies should decide go through the HTTP API
 * (docs/authorization.md, "Principals"). The request runs in the deployment's region ({@code
 * kms.region}, the function's {@code AWS::Region}), as every request to a Lambda of this KMS does.
 */
@ApplicationScoped
public class DirectInvocation {
  @Inject KmsConfig config;

  public RequestContext context() {
    return new RequestContext(
        UUID.randomUUID().toString(),
        Identity.root(config.accountId()).caller(null),
        "lambda.amazonaws.com",
        "aws-lambda-invoke",
        config.region());
  }
}
