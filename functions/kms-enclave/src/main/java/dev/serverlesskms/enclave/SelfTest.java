package dev.serverlesskms.enclave;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.bouncycastle.crypto.InvalidCipherTextException;

/**
 * Power-on self-tests, as a FIPS 140 module runs them: known-answer tests of every primitive the
 * enclave implements on Bouncy Castle (the RSA of key import is the JDK's own provider, not tested
 * here), and a pairwise consistency check of the root key. The asymmetric, HMAC and ECDH families
 * are tested before their first use instead ({@link KeyTypeSelfTests}). A failure means the enclave
 * would compute wrong results (a broken build, a bad provider, a damaged token key), so the enclave
 * refuses to start rather than write ciphertexts no one could ever decrypt.
 */
final class SelfTest {

  /** One known-answer test: {@code computation} must produce exactly {@code expected}. */
  record KnownAnswer(String name, Supplier<byte[]> computation, byte[] expected) {}

  private static final HexFormat HEX = HexFormat.of();

  // McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", test case 16 (AES-256, 96-bit IV,
  // with AAD); also in NIST's GCM validation vectors.
  private static final byte[] GCM_KEY =
      HEX.parseHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
  private static final byte[] GCM_IV = HEX.parseHex("cafebabefacedbaddecaf888");
  private static final byte[] GCM_PLAINTEXT =
      HEX.parseHex(
          "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
              + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
  private static final byte[] GCM_AAD = HEX.parseHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
  private static final byte[] GCM_CIPHERTEXT_AND_TAG =
      HEX.parseHex(
          "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
              + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
              + "76fc6ece0f4e1768cddf8853bb2d551b");

  // RFC 5869, appendix A.1 (test case 1).
  private static final byte[] HKDF_IKM =
      HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
  private static final byte[] HKDF_SALT = HEX.parseHex("000102030405060708090a0b0c");
  private static final byte[] HKDF_INFO = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9");
  private static final byte[] HKDF_OKM =
      HEX.parseHex(
          "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");

  // FIPS 180-2, appendix B.1.
  private static final byte[] SHA256_ABC =
      HEX.parseHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

  // RFC 5649, section 6: a 192-bit KEK with 20 octets of key data (the multi-block path) and with 7
  // (the single-block path).
  private static final byte[] KWP_KEK =
      HEX.parseHex("5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8");
  private static final byte[] KWP_KEY_20 = HEX.parseHex("c37b7e6492584340bed12207808941155068f738");
  private static final byte[] KWP_WRAPPED_20 =
      HEX.parseHex("138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a");
  private static final byte[] KWP_KEY_7 = HEX.parseHex("466f7250617369");
  private static final byte[] KWP_WRAPPED_7 = HEX.parseHex("afbeb0f07dfbf5419200f2ccb50bb24f");

  static final List<KnownAnswer> KNOWN_ANSWERS =
      List.of(
          new KnownAnswer(
              "AES-256-GCM encrypt",
              () -> AesGcm.encrypt(GCM_KEY, GCM_IV, GCM_PLAINTEXT, GCM_AAD),
              GCM_CIPHERTEXT_AND_TAG),
          new KnownAnswer("AES-256-GCM decrypt", SelfTest::decryptGcmVector, GCM_PLAINTEXT),
          new KnownAnswer(
              "HKDF-SHA256",
              () -> Digests.hkdfSha256(HKDF_IKM, HKDF_SALT, HKDF_INFO, HKDF_OKM.length),
              HKDF_OKM),
          new KnownAnswer(
              "SHA-256",
              () -> Digests.sha256("abc".getBytes(StandardCharsets.US_ASCII)),
              SHA256_ABC),
          new KnownAnswer("AES-KWP unwrap", () -> unwrapKwpVector(KWP_WRAPPED_20), KWP_KEY_20),
          new KnownAnswer(
              "AES-KWP unwrap (one block)", () -> unwrapKwpVector(KWP_WRAPPED_7), KWP_KEY_7));

  private static final byte[] PAIRWISE_AAD =
      "serverless-kms/self-test/pairwise/v1".getBytes(StandardCharsets.US_ASCII);

  private SelfTest() {}

  /** Runs {@link #KNOWN_ANSWERS}. */
  static void runKnownAnswers() {
    run(KNOWN_ANSWERS);
  }

  /**
   * @throws EnclaveStartupException naming the first test that failed
   */
  static void run(List<KnownAnswer> tests) {
    for (KnownAnswer test : tests) {
      byte[] actual;
      try {
        actual = test.computation().get();
      } catch (RuntimeException e) {
        throw new EnclaveStartupException("self-test failed: " + test.name(), e);
      }
      if (!MessageDigest.isEqual(actual, test.expected())) {
        throw new EnclaveStartupException("self-test failed: " + test.name());
      }
    }
  }

  /**
   * Wraps a random key and checks that it unwraps to the same bytes, and that it does not unwrap
   * under other associated data (a root key that ignored the aad would not bind key versions).
   *
   * @throws EnclaveStartupException if either fails
   */
  static void checkPairwise(RootKey rootKey, SecureRandom random) {
    String failure;
    try (KeyMaterial probe = KeyMaterial.random(AesGcm.KEY_BYTES, random)) {
      failure = pairwiseFailure(rootKey, probe.bytes());
    } catch (RuntimeException e) {
      throw new EnclaveStartupException("root key pairwise check failed", e);
    }
    if (failure != null) {
      throw new EnclaveStartupException("root key pairwise check failed: " + failure);
    }
  }

  /**
   * @return what went wrong, or {@code null} if nothing did
   */
  private static String pairwiseFailure(RootKey rootKey, byte[] probe) {
    byte[] wrapped = rootKey.wrap(probe, PAIRWISE_AAD);
    try (KeyMaterial unwrapped = KeyMaterial.takeOwnership(rootKey.unwrap(wrapped, PAIRWISE_AAD))) {
      if (!MessageDigest.isEqual(probe, unwrapped.bytes())) {
        return "the round trip changed the key";
      }
    } catch (RootKeyUnwrapException e) {
      return "it cannot unwrap what it wrapped";
    }
    byte[] otherAad = Arrays.copyOf(PAIRWISE_AAD, PAIRWISE_AAD.length + 1);
    try {
      Arrays.fill(rootKey.unwrap(wrapped, otherAad), (byte) 0);
      return "the associated data is not authenticated";
    } catch (RootKeyUnwrapException expected) {
      return null;
    }
  }

  private static byte[] unwrapKwpVector(byte[] wrapped) {
    try {
      return AesKwp.unwrap(KWP_KEK, wrapped, 0, wrapped.length);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("the integrity check of the known answer failed", e);
    }
  }

  private static byte[] decryptGcmVector() {
    try {
      return AesGcm.decrypt(
          GCM_KEY, GCM_IV, GCM_CIPHERTEXT_AND_TAG, 0, GCM_CIPHERTEXT_AND_TAG.length, GCM_AAD);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new IllegalStateException("the tag of the known answer was rejected", e);
    }
  }
}
