package dev.serverlesskms.functions.apigw;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The API Gateway HTTP API event, payload format 2.0: the members this function reads. Names are
 * given explicitly because this JSON is camelCase, unlike the KMS API.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HttpApiRequest(
    @JsonProperty("version") String version,
    @JsonProperty("rawPath") String rawPath,
    @JsonProperty("rawQueryString") String rawQueryString,
    @JsonProperty("headers") Map<String, String> headers,
    @JsonProperty("requestContext") RequestContext requestContext,
    @JsonProperty("body") String body,
    @JsonProperty("isBase64Encoded") boolean isBase64Encoded) {

  /** A header by name; API Gateway lower-cases header names in payload 2.0. */
  public String header(String lowerCaseName) {
    return headers == null ? null : headers.get(lowerCaseName);
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RequestContext(
      @JsonProperty("accountId") String accountId,
      @JsonProperty("requestId") String requestId,
      @JsonProperty("stage") String stage,
      @JsonProperty("authorizer") Authorizer authorizer,
      @JsonProperty("http") Http http) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Authorizer(@JsonProperty("iam") Iam iam) {}

  /** The caller API Gateway authenticated with SigV4 (route authorization type AWS_IAM). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Iam(
      @JsonProperty("accessKey") String accessKey,
      @JsonProperty("accountId") String accountId,
      @JsonProperty("callerId") String callerId,
      @JsonProperty("principalOrgId") String principalOrgId,
      @JsonProperty("userArn") String userArn,
      @JsonProperty("userId") String userId) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Http(
      @JsonProperty("method") String method,
      @JsonProperty("path") String path,
      @JsonProperty("sourceIp") String sourceIp,
      @JsonProperty("userAgent") String userAgent) {}
}
