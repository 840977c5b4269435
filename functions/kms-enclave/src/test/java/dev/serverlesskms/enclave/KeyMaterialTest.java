package dev.serverlesskms.enclave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KeyMaterialTest {

  @Test
  void toString_showsLengthOnly() {
    byte[] secret = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    try (KeyMaterial material = KeyMaterial.takeOwnership(secret.clone())) {
      assertThat(material.toString())
          .isEqualTo("KeyMaterial[16 bytes, redacted]")
          .doesNotContain("0011", "aabb");
    }
  }

  @Test
  void close_zeroizesTheOwnedArray() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    KeyMaterial material = KeyMaterial.takeOwnership(secret);

    material.close();

    assertThat(secret).containsOnly(0);
  }

  @Test
  void bytes_afterClose_throws() {
    KeyMaterial material = KeyMaterial.random(32, new SecureRandom());
    material.close();

    assertThatThrownBy(material::bytes).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void copy_outlivesTheOriginal() {
    KeyMaterial original = KeyMaterial.random(32, new SecureRandom());
    byte[] expected = original.bytes().clone();

    try (KeyMaterial copy = original.copy()) {
      original.close();

      assertThat(copy.bytes()).isEqualTo(expected);
    }
  }
}
