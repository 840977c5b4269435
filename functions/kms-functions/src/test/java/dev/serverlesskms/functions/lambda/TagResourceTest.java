package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.Tag;

@QuarkusTest
@TestProfile(TagResourceTest.Profile.class)
class TagResourceTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("TagResource");
    }
  }

  @Test
  void tagResource_sampleEvent_addsTheTags() {
    String keyId = newKey("to tag");

    assertThat(invoke(withKey(event("tag-resource.json"), keyId)).toString()).isEqualTo("{}");

    assertThat(kms.listResourceTags(r -> r.keyId(keyId)).tags())
        .containsExactlyInAnyOrder(
            Tag.builder().tagKey("CostCenter").tagValue("87654").build(),
            Tag.builder().tagKey("Purpose").tagValue("example").build());
  }
}
