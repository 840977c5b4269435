package dev.serverlesskms.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Published test vectors: RFC 4231 (HMAC), RFC 8032 (Ed25519, Ed25519ph), FIPS 204 (ML-DSA). */
class KnownAnswersTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final SecureRandom RANDOM = new SecureRandom();

  private static byte[] repeat(int value, int count) {
    byte[] out = new byte[count];
    Arrays.fill(out, (byte) value);
    return out;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** RFC 4231 section 4: the key and data of test cases 1 to 7. */
  private static byte[][] rfc4231Case(int number) {
    byte[] key25 = new byte[25];
    for (int i = 0; i < 25; i++) {
      key25[i] = (byte) (i + 1);
    }
    return switch (number) {
      case 1 -> new byte[][] {repeat(0x0b, 20), ascii("Hi There")};
      case 2 -> new byte[][] {ascii("Jefe"), ascii("what do ya want for nothing?")};
      case 3 -> new byte[][] {repeat(0xaa, 20), repeat(0xdd, 50)};
      case 4 -> new byte[][] {key25, repeat(0xcd, 50)};
      case 5 -> new byte[][] {repeat(0x0c, 20), ascii("Test With Truncation")};
      case 6 ->
          new byte[][] {
            repeat(0xaa, 131), ascii("Test Using Larger Than Block-Size Key - Hash Key First")
          };
      default ->
          new byte[][] {
            repeat(0xaa, 131),
            ascii(
                "This is a test using a larger than block-size key and a larger than block-size"
                    + " data. The key needs to be hashed before being used by the HMAC"
                    + " algorithm.")
          };
    };
  }

  @ParameterizedTest
  @CsvSource({
    "HMAC_SHA_224, 1, 896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22",
    "HMAC_SHA_224, 2, a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44",
    "HMAC_SHA_224, 3, 7fb3cb3588c6c1f6ffa9694d7d6ad2649365b0c1f65d69d1ec8333ea",
    "HMAC_SHA_224, 4, 6c11506874013cac6a2abc1bb382627cec6a90d86efc012de7afec5a",
    "HMAC_SHA_224, 5, 0e2aea68a90c8d37c988bcdb9fca6fa8",
    "HMAC_SHA_224, 6, 95e9a0db962095adaebe9b2d6f0dbce2d499f112f2d2b7273fa6870e",
    "HMAC_SHA_224, 7, 3a854166ac5d9f023f54d517d0b39dbd946770db9c2b95c9f6f565d1",
    "HMAC_SHA_256, 1, b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
    "HMAC_SHA_256, 2, 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    "HMAC_SHA_256, 3, 773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
    "HMAC_SHA_256, 4, 82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
    "HMAC_SHA_256, 5, a3b6167473100ee06e0c796c2955552b",
    "HMAC_SHA_256, 6, 60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
    "HMAC_SHA_256, 7, 9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
    "HMAC_SHA_384, 1, afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
        + "faea9ea9076ede7f4af152e8b2fa9cb6",
    "HMAC_SHA_384, 2, af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
        + "8e2240ca5e69e2c78b3239ecfab21649",
    "HMAC_SHA_384, 3, 88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b"
        + "2a5ab39dc13814b94e3ab6e101a34f27",
    "HMAC_SHA_384, 4, 3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e"
        + "6801dd23c4a7d679ccf8a386c674cffb",
    "HMAC_SHA_384, 5, 3abf34c3503b2a23a46efc619baef897",
    "HMAC_SHA_384, 6, 4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
        + "0c2ef6ab4030fe8296248df163f44952",
    "HMAC_SHA_384, 7, 6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5"
        + "a678cc31e799176d3860e6110c46523e",
    "HMAC_SHA_512, 1, 87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
        + "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
    "HMAC_SHA_512, 2, 164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
        + "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
    "HMAC_SHA_512, 3, fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
        + "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb",
    "HMAC_SHA_512, 4, b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
        + "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd",
    "HMAC_SHA_512, 5, 415fad6271580a531d4179bc891d87a6",
    "HMAC_SHA_512, 6, 80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
        + "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598",
    "HMAC_SHA_512, 7, e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
        + "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58",
  })
  void rfc4231(HmacAlgorithm algorithm, int testCase, String expected) {
    byte[][] input = rfc4231Case(testCase);
    byte[] mac = algorithm.mac(input[0], input[1]);
    // test case 5 publishes the first 128 bits only (truncated output)
    byte[] published = HEX.parseHex(expected);
    assertThat(Arrays.copyOf(mac, published.length)).isEqualTo(published);
    assertThat(mac).hasSize(algorithm.keyBytes());
    if (testCase != 5) {
      assertThat(algorithm.verify(input[0], input[1], published)).isTrue();
      published[0] ^= 1;
      assertThat(algorithm.verify(input[0], input[1], published)).isFalse();
    }
  }

  /** An RFC 8410 PKCS#8 Ed25519 private key around a 32-byte RFC 8032 secret key. */
  private static byte[] ed25519Pkcs8(String secretKeyHex) {
    return HEX.parseHex("302e020100300506032b657004220420" + secretKeyHex);
  }

  @ParameterizedTest
  @CsvSource({
    // RFC 8032 section 7.1, TEST 1 and TEST 2
    "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60,"
        + " d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a, '',"
        + " e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb,"
        + " 3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c, 72,"
        + " 92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
  })
  void rfc8032Ed25519(String secretKey, String publicKey, String message, String signature)
      throws Exception {
    AsymmetricPrivateKey key =
        AsymmetricPrivateKey.fromPkcs8(
            AsymmetricSpec.ECC_NIST_EDWARDS25519, ed25519Pkcs8(secretKey));
    assertThat(key.publicKey().encoded()).endsWith(HEX.parseHex(publicKey));
    byte[] msg = HEX.parseHex(message);
    assertThat(key.sign(SignatureAlgorithm.ED25519_SHA_512, MessageKind.RAW, msg, RANDOM))
        .isEqualTo(HEX.parseHex(signature));
    assertThat(
            key.publicKey()
                .verify(
                    SignatureAlgorithm.ED25519_SHA_512,
                    MessageKind.RAW,
                    msg,
                    HEX.parseHex(signature)))
        .isTrue();
  }

  /** RFC 8032 section 7.3, TEST abc: Ed25519ph, signed as AWS does, over the message's SHA-512. */
  @Test
  void rfc8032Ed25519ph() throws Exception {
    AsymmetricPrivateKey key =
        AsymmetricPrivateKey.fromPkcs8(
            AsymmetricSpec.ECC_NIST_EDWARDS25519,
            ed25519Pkcs8("833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42"));
    assertThat(key.publicKey().encoded())
        .endsWith(HEX.parseHex("ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf"));
    byte[] expected =
        HEX.parseHex(
            "98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae41"
                + "31f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406");
    byte[] digest = Digest.SHA_512.hash(HEX.parseHex("616263"));
    assertThat(key.sign(SignatureAlgorithm.ED25519_PH_SHA_512, MessageKind.DIGEST, digest, RANDOM))
        .isEqualTo(expected);
    assertThat(
            key.publicKey()
                .verify(
                    SignatureAlgorithm.ED25519_PH_SHA_512, MessageKind.DIGEST, digest, expected))
        .isTrue();
    // pure Ed25519 of the same bytes is another signature: the two must never be confused
    assertThat(
            key.publicKey()
                .verify(SignatureAlgorithm.ED25519_SHA_512, MessageKind.RAW, digest, expected))
        .isFalse();
  }

  /**
   * FIPS 204 key generation from a seed and deterministic signing (rnd = 0), checked against
   * Wycheproof's mldsa_44_sign_seed_test.json tcId 1 (the SHA-256 of its public key and signature,
   * to keep 3.7 kB of hex out of the source); runs without the vector files.
   */
  @Test
  void mlDsa44FromSeed() {
    AsymmetricPrivateKey key = MlDsaKeys.fromSeed(AsymmetricSpec.ML_DSA_44, repeat(0x2a, 32));
    byte[] spki = key.publicKey().encoded();
    byte[] pk = Arrays.copyOfRange(spki, spki.length - 1312, spki.length);
    assertThat(HEX.formatHex(Digest.SHA_256.hash(pk)))
        .isEqualTo("d87f8ca136ac1aa55e2d6c4521680efb3a378cbb9bc0bfb446e9c60893931ea3");
    SecureRandom zeros =
        new SecureRandom() {
          private static final long serialVersionUID = 1L;

          @Override
          public void nextBytes(byte[] bytes) {
            Arrays.fill(bytes, (byte) 0);
          }
        };
    byte[] signature =
        key.sign(SignatureAlgorithm.ML_DSA_SHAKE_256, MessageKind.RAW, ascii("Hello world"), zeros);
    assertThat(HEX.formatHex(Digest.SHA_256.hash(signature)))
        .isEqualTo("8cd6fc03daa72e87210a4e721523e84c14f27733789075e65736744d4787fdd5");
    byte[] mu =
        HEX.parseHex(
            "0ba2d90bc4fa5877844e47f7563eefccf658f898eaf4197b2a9a89d3df683955"
                + "c73a80895ac0a51cc9049d44cdc1d1c550ef3870c1126afdb3d52ee057cbbcdd");
    assertThat(MlDsaMu.of(spki, ascii("Hello world"))).isEqualTo(mu);
    assertThat(key.sign(SignatureAlgorithm.ML_DSA_SHAKE_256, MessageKind.EXTERNAL_MU, mu, zeros))
        .isEqualTo(signature);
  }
}
