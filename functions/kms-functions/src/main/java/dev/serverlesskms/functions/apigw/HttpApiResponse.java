package dev.serverlesskms.functions.apigw;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The response of a payload-2.0 HTTP API integration (camelCase members, as API Gateway reads
 * them).
 */
public record HttpApiResponse(
    @JsonProperty("statusCode") int statusCode,
    @JsonProperty("headers") Map<String, String> headers,
    @JsonProperty("body") String body,
    @JsonProperty("isBase64Encoded") boolean isBase64Encoded) {}
