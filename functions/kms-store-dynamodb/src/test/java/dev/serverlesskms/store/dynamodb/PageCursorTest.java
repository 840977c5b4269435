package dev.serverlesskms.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PageCursorTest {

  @Test
  void roundTrip_returnsTheLastSortKey() {
    String cursor = PageCursor.encode("aliases", "alias/app-1");

    assertThat(PageCursor.decode("aliases", cursor)).isEqualTo("alias/app-1");
    assertThat(cursor).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void cursorOfAnotherListing_isRejected() {
    String ofOneKey = PageCursor.encode("aliases:1234abcd-12ab-34cd-56ef-1234567890ab", "alias/a");

    assertThatThrownBy(() -> PageCursor.decode("aliases", ofOneKey))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> PageCursor.decode("aliases:00000000-0000-0000-0000-000000000000", ofOneKey))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PageCursor.decode("keys", PageCursor.encode("aliases", "alias/a")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void notACursor_isRejected() {
    for (String bad :
        new String[] {
          "", "not a cursor!", base64("keys\nabc"), base64("ddb1\nkeys\n"), base64("ddb2\nkeys\nx")
        }) {
      assertThatThrownBy(() -> PageCursor.decode("keys", bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static String base64(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
