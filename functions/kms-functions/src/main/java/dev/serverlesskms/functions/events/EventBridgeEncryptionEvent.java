package dev.serverlesskms.functions.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** An EventBridge event whose {@code detail} is an {@link EncryptionEvent}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EventBridgeEncryptionEvent(
    @JsonProperty("id") String id,
    @JsonProperty("detail-type") String detailType,
    @JsonProperty("source") String source,
    @JsonProperty("account") String account,
    @JsonProperty("region") String region,
    @JsonProperty("detail") JsonNode detail) {}
