package dev.serverlesskms.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PageCursorTest {

  @Test
  void decode_ofEncode_givesTheLastKeyBack() {
    String cursor = PageCursor.encode("aliases", "alias/ü-app");

    assertThat(PageCursor.decode("aliases", cursor)).isEqualTo("alias/ü-app");
    assertThat(cursor).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void decode_cursorOfAnotherListing_throwsIllegalArgument() {
    String cursor = PageCursor.encode("aliases", "alias/app");

    assertThatThrownBy(() -> PageCursor.decode("keys", cursor))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PageCursor.decode("aliases:x", cursor))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decode_withoutALastKey_throwsIllegalArgument() {
    String empty = PageCursor.encode("keys", "");

    assertThatThrownBy(() -> PageCursor.decode("keys", empty))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decode_notBase64Url_throwsIllegalArgument() {
    assertThatThrownBy(() -> PageCursor.decode("keys", "a+b/c="))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
