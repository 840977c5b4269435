package dev.serverlesskms.functions.funq;

import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.core.request.RequestContext;
import dev.serverlesskms.functions.config.KmsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * The request context of a direct function invocation ({@code aws lambda invoke}, {@code sam local
 * invoke}). Such a payload carries no caller identity: whoever may invoke the function was decided
 * by IAM before the call, so the caller is recorded as the account.
 */
@ApplicationScoped
public class DirectInvocation {
  @Inject KmsConfig config;

  public RequestContext context() {
    return new RequestContext(
        UUID.randomUUID().toString(),
        new Caller(
            "AWSAccount",
            config.accountId(),
            "arn:aws:iam::" + config.accountId() + ":root",
            config.accountId(),
            null),
        "lambda.amazonaws.com",
        "aws-lambda-invoke");
  }
}
