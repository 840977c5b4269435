package dev.serverlesskms.functions.config;

import java.util.Optional;

/** What Lambda's runtime tells a function about where it runs. */
public final class LambdaEnvironment {
  private LambdaEnvironment() {}

  /**
   * The function's name: Lambda's runtime sets it in every execution environment, so it is present
   * exactly when the code runs inside Lambda (empty locally and in tests).
   */
  public static Optional<String> functionName() {
    String name = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
    return name == null || name.isEmpty() ? Optional.empty() : Optional.of(name);
  }
}
