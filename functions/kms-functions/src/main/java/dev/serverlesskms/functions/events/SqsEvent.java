package dev.serverlesskms.functions.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The event an SQS event source mapping sends to a function (the members this function reads). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SqsEvent(@JsonProperty("Records") List<Message> records) {

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Message(
      @JsonProperty("messageId") String messageId,
      @JsonProperty("body") String body,
      @JsonProperty("eventSource") String eventSource,
      @JsonProperty("eventSourceARN") String eventSourceArn,
      @JsonProperty("awsRegion") String awsRegion) {}
}
