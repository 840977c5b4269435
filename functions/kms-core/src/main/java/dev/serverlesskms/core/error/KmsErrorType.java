package dev.serverlesskms.core.error;

/**
 * The closed set of errors this KMS returns, with the exact AWS wire name ({@code __type}) and HTTP
 * status for each. This enum is the only place where an error becomes a wire code.
 *
 * <p>Client errors are HTTP 400, as every AWS-validated KMS error is. The internal ones are 5xx so
 * that the AWS SDKs' standard retry policy retries them.
 */
public enum KmsErrorType {
  // --- KMS service errors (botocore model) ---
  ALREADY_EXISTS("AlreadyExistsException", 400),
  CONFLICT("ConflictException", 400),
  DEPENDENCY_TIMEOUT("DependencyTimeoutException", 503),
  CUSTOM_KEY_STORE_NOT_FOUND("CustomKeyStoreNotFoundException", 400),
  CUSTOM_KEY_STORE_HAS_CMKS("CustomKeyStoreHasCMKsException", 400),
  CUSTOM_KEY_STORE_INVALID_STATE("CustomKeyStoreInvalidStateException", 400),
  CUSTOM_KEY_STORE_NAME_IN_USE("CustomKeyStoreNameInUseException", 400),
  CLOUD_HSM_CLUSTER_IN_USE("CloudHsmClusterInUseException", 400),
  CLOUD_HSM_CLUSTER_INVALID_CONFIGURATION("CloudHsmClusterInvalidConfigurationException", 400),
  CLOUD_HSM_CLUSTER_NOT_ACTIVE("CloudHsmClusterNotActiveException", 400),
  CLOUD_HSM_CLUSTER_NOT_FOUND("CloudHsmClusterNotFoundException", 400),
  CLOUD_HSM_CLUSTER_NOT_RELATED("CloudHsmClusterNotRelatedException", 400),
  INCORRECT_TRUST_ANCHOR("IncorrectTrustAnchorException", 400),
  DISABLED("DisabledException", 400),
  DRY_RUN("DryRunOperationException", 400),
  EXPIRED_IMPORT_TOKEN("ExpiredImportTokenException", 400),
  INCORRECT_KEY("IncorrectKeyException", 400),
  INCORRECT_KEY_MATERIAL("IncorrectKeyMaterialException", 400),
  INVALID_ALIAS_NAME("InvalidAliasNameException", 400),
  INVALID_ARN("InvalidArnException", 400),
  INVALID_CIPHERTEXT("InvalidCiphertextException", 400),
  INVALID_GRANT_ID("InvalidGrantIdException", 400),
  INVALID_GRANT_TOKEN("InvalidGrantTokenException", 400),
  INVALID_IMPORT_TOKEN("InvalidImportTokenException", 400),
  INVALID_KEY_USAGE("InvalidKeyUsageException", 400),
  INVALID_MARKER("InvalidMarkerException", 400),
  INVALID_STATE("KMSInvalidStateException", 400),
  KMS_INVALID_MAC("KMSInvalidMacException", 400),
  KMS_INVALID_SIGNATURE("KMSInvalidSignatureException", 400),
  INTERNAL("KMSInternalException", 500),
  KEY_UNAVAILABLE("KeyUnavailableException", 500),
  LIMIT_EXCEEDED("LimitExceededException", 400),
  MALFORMED_POLICY_DOCUMENT("MalformedPolicyDocumentException", 400),
  NOT_FOUND("NotFoundException", 400),
  TAG("TagException", 400),
  UNSUPPORTED_OPERATION("UnsupportedOperationException", 400),

  // --- errors KMS returns that its model does not declare ---
  ACCESS_DENIED("AccessDeniedException", 400),
  NOT_AUTHORIZED("NotAuthorizedException", 400),
  VALIDATION("ValidationException", 400),

  // --- generic AWS JSON protocol errors (request framing and authentication) ---
  SERIALIZATION("SerializationException", 400),
  UNKNOWN_OPERATION("UnknownOperationException", 400),
  MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationTokenException", 400),
  INCOMPLETE_SIGNATURE("IncompleteSignatureException", 400),
  INVALID_SIGNATURE("InvalidSignatureException", 400),
  UNRECOGNIZED_CLIENT("UnrecognizedClientException", 400),
  THROTTLING("ThrottlingException", 400),
  /** A request that did not arrive in time; the AWS SDKs retry it. */
  REQUEST_TIMEOUT("RequestTimeoutException", 400);

  private final String wireName;
  private final int httpStatus;

  KmsErrorType(String wireName, int httpStatus) {
    this.wireName = wireName;
    this.httpStatus = httpStatus;
  }

  /** The value of {@code __type} in the error body, exactly as AWS KMS sends it. */
  public String wireName() {
    return wireName;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
