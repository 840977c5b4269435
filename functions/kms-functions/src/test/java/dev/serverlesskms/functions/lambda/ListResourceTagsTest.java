package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.Tag;

@QuarkusTest
@TestProfile(ListResourceTagsTest.Profile.class)
class ListResourceTagsTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("ListResourceTags");
    }
  }

  @Test
  void listResourceTags_sampleEvent_listsTheTags() {
    String keyId = newKey("tagged");
    kms.tagResource(
        r -> r.keyId(keyId).tags(Tag.builder().tagKey("CostCenter").tagValue("87654").build()));

    JsonNode out = invoke(withKey(event("list-resource-tags.json"), keyId));

    assertThat(out.get("Tags"))
        .singleElement()
        .satisfies(
            tag -> {
              assertThat(tag.get("TagKey").asText()).isEqualTo("CostCenter");
              assertThat(tag.get("TagValue").asText()).isEqualTo("87654");
            });
    assertThat(out.get("Truncated").asBoolean()).isFalse();
  }
}
