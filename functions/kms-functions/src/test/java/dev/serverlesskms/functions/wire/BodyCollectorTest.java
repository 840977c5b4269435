package dev.serverlesskms.functions.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BodyCollectorTest {
  @Test
  void bodyWithinTheLimit_isKeptWhole_acrossChunks() {
    BodyCollector collector = new BodyCollector(6, -1);
    append(collector, new byte[] {1, 2});
    append(collector, new byte[] {3, 4, 5, 6});

    WireBody body = collector.body();

    assertThat(body.isDropped()).isFalse();
    assertThat(body.bytes()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(body.length()).isEqualTo(6);
  }

  @Test
  void bodyPastTheLimit_isDropped_andOnlyCounted() {
    BodyCollector collector = new BodyCollector(6, -1);
    append(collector, new byte[5]);
    append(collector, new byte[2]);
    append(collector, new byte[1000]);

    WireBody body = collector.body();

    assertThat(body.isDropped()).isTrue();
    assertThat(body.bytes()).isNull();
    assertThat(body.length()).isEqualTo(1007);
  }

  @Test
  void noChunks_isAnEmptyBody() {
    WireBody body = new BodyCollector(0, -1).body();

    assertThat(body.isDropped()).isFalse();
    assertThat(body.bytes()).isEmpty();
    assertThat(body.length()).isZero();
  }

  @Test
  void moreThanAnnounced_growsAndKeepsEveryByte() {
    BodyCollector collector = new BodyCollector(100, 2);
    append(collector, new byte[] {1, 2});
    append(collector, new byte[] {3, 4, 5});

    assertThat(collector.body().bytes()).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void lessThanAnnounced_isTheBytesThatArrived() {
    BodyCollector collector = new BodyCollector(100, 50);
    append(collector, new byte[] {7, 8, 9});

    WireBody body = collector.body();
    assertThat(body.bytes()).containsExactly(7, 8, 9);
    assertThat(body.length()).isEqualTo(3);
  }

  @Test
  void aLargeAnnouncement_allocatesNoMoreThanTheCap_untilBytesArrive() {
    int limit = 4 * BodyCollector.FIRST_ALLOCATION_CAP;
    BodyCollector collector = new BodyCollector(limit, Long.MAX_VALUE);
    byte[] chunk = new byte[BodyCollector.FIRST_ALLOCATION_CAP + 1];
    chunk[chunk.length - 1] = 42;
    append(collector, chunk);
    append(collector, new byte[] {43});

    WireBody body = collector.body();
    assertThat(body.length()).isEqualTo(chunk.length + 1L);
    assertThat(body.bytes()[chunk.length - 1]).isEqualTo((byte) 42);
    assertThat(body.bytes()[chunk.length]).isEqualTo((byte) 43);
  }

  @Test
  void announcedWithinTheLimit_butMoreArrives_isDropped() {
    BodyCollector collector = new BodyCollector(4, 4);
    append(collector, new byte[] {1, 2, 3, 4});
    append(collector, new byte[] {5});

    assertThat(collector.body().isDropped()).isTrue();
    assertThat(collector.body().length()).isEqualTo(5);
  }

  @Test
  void chunksCopiedByTheTransport_landInOrder() {
    BodyCollector collector = new BodyCollector(10, 4);
    collector.append(
        2,
        (destination, offset) -> {
          destination[offset] = 1;
          destination[offset + 1] = 2;
        });
    collector.append(
        2,
        (destination, offset) -> {
          destination[offset] = 3;
          destination[offset + 1] = 4;
        });

    assertThat(collector.body().bytes()).containsExactly(1, 2, 3, 4);
  }

  private static void append(BodyCollector collector, byte[] chunk) {
    collector.append(
        chunk.length,
        (destination, offset) -> System.arraycopy(chunk, 0, destination, offset, chunk.length));
  }
}
