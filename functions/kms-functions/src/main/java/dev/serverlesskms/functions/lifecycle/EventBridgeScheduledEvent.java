package dev.serverlesskms.functions.lifecycle;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * The event an EventBridge schedule sends to a function. Its members are kebab/lower case, unlike
 * the KMS API, so they are named here explicitly.
 */
public record EventBridgeScheduledEvent(
    @JsonProperty("id") String id,
    @JsonProperty("detail-type") String detailType,
    @JsonProperty("source") String source,
    @JsonProperty("account") String account,
    @JsonProperty("time") Instant time,
    @JsonProperty("region") String region,
    @JsonProperty("resources") List<String> resources) {}
