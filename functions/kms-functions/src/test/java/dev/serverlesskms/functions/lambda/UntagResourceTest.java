package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.Tag;

@QuarkusTest
@TestProfile(UntagResourceTest.Profile.class)
class UntagResourceTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("UntagResource");
    }
  }

  @Test
  void untagResource_sampleEvent_removesOnlyTheNamedTag() {
    String keyId = newKey("to untag");
    kms.tagResource(
        r ->
            r.keyId(keyId)
                .tags(
                    Tag.builder().tagKey("CostCenter").tagValue("87654").build(),
                    Tag.builder().tagKey("Purpose").tagValue("example").build()));

    assertThat(invoke(withKey(event("untag-resource.json"), keyId)).toString()).isEqualTo("{}");

    assertThat(kms.listResourceTags(r -> r.keyId(keyId)).tags())
        .containsExactly(Tag.builder().tagKey("CostCenter").tagValue("87654").build());
  }
}
