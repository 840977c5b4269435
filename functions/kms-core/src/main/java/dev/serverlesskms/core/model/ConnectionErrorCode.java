package dev.serverlesskms.core.model;

/**
 * AWS's {@code ConnectionErrorCodeType}: why a custom key store is FAILED. A PKCS#11 token answers
 * only some of them (see docs/custom-key-stores.md): a wrong PIN is INVALID_CREDENTIALS, a locked
 * PIN USER_LOCKED_OUT, a token that is not there (or a library that does not load)
 * CLUSTER_NOT_FOUND, a cluster no longer declared in configuration CLUSTER_NOT_FOUND too, anything
 * else INTERNAL_ERROR. The XKS codes exist for the wire only.
 */
public enum ConnectionErrorCode {
  INVALID_CREDENTIALS,
  CLUSTER_NOT_FOUND,
  NETWORK_ERRORS,
  INTERNAL_ERROR,
  INSUFFICIENT_CLOUDHSM_HSMS,
  USER_LOCKED_OUT,
  USER_NOT_FOUND,
  USER_LOGGED_IN,
  SUBNET_NOT_FOUND,
  INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET,
  XKS_PROXY_ACCESS_DENIED,
  XKS_PROXY_NOT_REACHABLE,
  XKS_VPC_ENDPOINT_SERVICE_NOT_FOUND,
  XKS_PROXY_INVALID_RESPONSE,
  XKS_PROXY_INVALID_CONFIGURATION,
  XKS_VPC_ENDPOINT_SERVICE_INVALID_CONFIGURATION,
  XKS_PROXY_TIMED_OUT,
  XKS_PROXY_INVALID_TLS_CONFIGURATION
}
