package dev.serverlesskms.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * Self-tests of this module's algorithms, grouped by family: known answers where the algorithm is
 * deterministic (HMAC, RSA PKCS#1 v1.5, Ed25519, ML-DSA with rnd = 0, ECDH) and a sign-then-verify
 * pairwise test where it is not (ECDSA with a random nonce). An enclave runs a family's checks
 * before that family's first use. The keys are fixed test keys made by OpenSSL for this purpose
 * (the same as kms-crypto's test fixtures); they protect nothing.
 */
public final class SelfTests {

  /** The families that are tested together: one per kind of key. */
  public enum Family {
    HMAC,
    RSA,
    EC_NIST,
    EC_SECP256K1,
    ED25519,
    ML_DSA;

    /** The family of keys of an asymmetric spec. */
    public static Family of(AsymmetricSpec spec) {
      return switch (spec.family()) {
        case RSA -> RSA;
        case EC_NIST -> EC_NIST;
        case EC_SECP256K1 -> EC_SECP256K1;
        case ED25519 -> ED25519;
        case ML_DSA -> ML_DSA;
      };
    }
  }

  /** One test: {@code passes} answers whether the algorithm computed what it must. */
  public record Check(String name, Family family, Supplier<Boolean> passes) {}

  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] MESSAGE =
      "message signed by openssl".getBytes(StandardCharsets.US_ASCII);

  // OpenSSL 3.0.19: genpkey RSA 2048, then dgst -sha256 -sign of MESSAGE.
  private static final String RSA_2048_PKCS8 =
      "308204bc020100300d06092a864886f70d0101010500048204a6308204a2020100028201"
          + "0100a7346a8c33f2af7337168222af0af253e14c5fef88e215f3759f5ef0090870a182a1"
          + "6f9247cbfea68b1b97940a429aec4c691db3ad01dbe7fc8b327c6093c6a454ac1547f3dc"
          + "1c33ca19a5e2e30666d49f51486b49cf5417de694ae6d43a1263e1bc7449e9d76b46215b"
          + "777991a59ddb2bc1654af59a2460ea4467267fc9106de90eba5d81e273bee08b645ea21e"
          + "4370b28a2a3996c7b02cb81ad1a27ba351b0f83a01a6a375965b0fff855c3539e25089c8"
          + "78037a0b5df0b81ba203747f4302c0e6b32251f86b6f5c68cd337ce6186b4867092ca4ca"
          + "59681e23e792546927f301f633817bd6a17f9ed4d843b3e585018a54bf9ad64b200ad17e"
          + "e52f55fd8abd0203010001028201000c3af58b35568c565b627258eaa05c9add993a5039"
          + "5d3e394d727f9d83afa21b724470368d3962f2582d07c09ca28416023dd31e1c2acd64d1"
          + "f0759c2aed4c43a36ce5ee9a2c10c50a04a7c16995438acc6f83e253270ef1e30325272e"
          + "c163ac7a2bd07ec293cf053575ed0e8fa483602f7a69381b306ff645d4848e089d52adf5"
          + "2f050b10d8a7edd161437aa4d4cdcee6cf61203125233943f242931d8a3367c0668df650"
          + "160d182cfc555f7134bc178f6bae181edb6dc7e97e0c36aa2eed455d23473d716e363563"
          + "d4961705fac4233110031154e51da98e2a7a523f6090e1550edab9860dc75d538611c493"
          + "02341d7e5fb010475f9b12fd17e3ff3e506f4102818100d31382fb4c2fa8d3b9d38d9cd2"
          + "22e996fc2de86d352877d9aea2fd0a4f99dece489a52316fbee4ed33e61136b5531b94b0"
          + "fc983bc0867fbda9ee6bef621abf6e4e000c0de015f9853948f4874bd25d1c1ef79ddd12"
          + "ad25f946c351a75bc74b437f32175dc75379312ddc784424a1119db5fab06ffda3ac8db6"
          + "33d3fc3421994102818100caca914bd02aef350b5844c59d39a6bd55f4049f1f0d103957"
          + "53fef9eb7b8f6e8efa70024a30aeaab1d80af1038449167889c98c6c63a848cd6d82ba14"
          + "861b5941b22d7168ff8087383bafd71c4d1ec2cef5bbd9c7850d96808ade369b14959934"
          + "7e82c94ae45ae2fcc1fecc219a65634bca7d2dd719260cabd90f82a8c2367d0281804b89"
          + "16fd91351908b3de763621a926c8c6743352298cd2df0eb4fb32de6ba525532c0eafec5a"
          + "77183fd35c63a49e1a27aaf2aa13f000f1e3d0d526c122ed898612d9c7768bb3b178b098"
          + "6011aedb9840810081f8e43f1c70c9970a38870a99ef8cac435a670383424b3433c1c70d"
          + "f0fcec6bcb0a38cd82e9afc37a602dd3bc410281802c492081d5ec0a6123211ba3ac3a32"
          + "d79635bbeca3f34e5fb75a788c4b88a84214a74c5eb3a4fdfff8e69d3d14ef86a6899c4d"
          + "8f84fc1e7c07a0aab3c857a11154ef7c4d1008fc208b7f3d5f54a6e2d8d82981e48555e1"
          + "29c4d88ebe8e0f68bc1462ac5d1925d5534caf70dd53594c5aeaea457c054550b1e3b57b"
          + "55a555046102818023747332e8e747af27a7b6a769aa03a20ec8ec388a5eb8264fc10499"
          + "4180e08c83df195650b743e5ac26bed74f7f7192543e61a8c8c7c052405e0f0aa591bd7a"
          + "1ca773616e98f60d816fc6bcd376d6dc67e23a1f1ef848ae6f06a1db37f843814a0b727d"
          + "18dc38f9a615203a1d91afac8ed1b2d689bbd95c81d0f133d38dd8fd";
  private static final String RSA_2048_PKCS1_SHA256 =
      "323e65a54d5cabd833ebe85e4a5c94b44f75c9a0f4925c4c815f500567c82175540878de"
          + "5adc67eae325587e72ea232ae5ff682afb8319b0207dd6bba1473dee2cada2d4dd0823cc"
          + "20b5c8c091d9d036e02a9391211526eef418d39e545fc0053f59dc9cad57b51becd10e7f"
          + "253a9102559d80775d14b94bd448a18ad1543a3e7e11c1f4337a4aae5e0248e0d01d3769"
          + "af3dc2d1af68e6bc7d71445d91a02453c1beb0ffed59bb0bec7c14f1653ed95e20332fde"
          + "d34c0c9d630784a84bc2ba709122f8f6b667581e8e8bcce73287e92365be46fee9736387"
          + "41d898af545cd72e3fad7a719e8eb109e9cc3a7f757fc8ff04c1f3e8d288bc9974d6a476"
          + "71c4a4a5";
  // OpenSSL: genpkey EC P-256 (two keys), pkeyutl -derive between them.
  private static final String P256_PKCS8 =
      "308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420"
          + "c483e777da385e57e3f64ac029eb68cc6c8dafdbf652b64b0bcd54948b208049a1440342"
          + "0004adfe35e683655c49c6288c061ccbae78c6e8a28aabae8d8a9d003daf172dcdb9b017"
          + "6d30cba1af2cc09f7cbeb8edd41477affeb6837ebfe07c814304d14631a3";
  private static final String P256_PEER_SPKI =
      "3059301306072a8648ce3d020106082a8648ce3d03010703420004e4f73a917b3abcd10e"
          + "e4cbbb172cf49cb90747cd752e3f3b188e7d564dbc493c07860331edf3856f8f3a2ea631"
          + "4566e0b0ef8081d2d6b510ef72dcf496c09a03";
  private static final String P256_ECDH =
      "c5688f3523b304a0f5ea9ba230e486c60d9dd194fb1f599237af8fa8ed399d38";
  // OpenSSL: genpkey EC secp256k1.
  private static final String SECP256K1_PKCS8 =
      "308184020100301006072a8648ce3d020106052b8104000a046d306b02010104204e9748"
          + "1f9abf3d4256666ac4bcaa68adb372ab1270e1b1faba97dc8fa78d0bcfa14403420004c0"
          + "ba49e0938ee97f994805483f89926edbe6f848409e4e185ec929550fcc908e01a3b65196"
          + "87b7cf9c544cd2380d16eb9b1df36b98727df6114c8ca915790bf5";

  /** The checks, in the order they run. */
  public static final List<Check> CHECKS =
      List.of(
          new Check(
              "HMAC-SHA-256 (RFC 4231 case 2)",
              Family.HMAC,
              () ->
                  equal(
                      HmacAlgorithm.HMAC_SHA_256.mac(
                          ascii("Jefe"), ascii("what do ya want for nothing?")),
                      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")),
          new Check(
              "RSA-2048 PKCS#1 v1.5 SHA-256 (OpenSSL signature)", Family.RSA, SelfTests::rsaPkcs1),
          new Check(
              "ECDSA P-256 pairwise",
              Family.EC_NIST,
              () -> pairwise(AsymmetricSpec.ECC_NIST_P256, P256_PKCS8)),
          new Check(
              "ECDSA secp256k1 pairwise",
              Family.EC_SECP256K1,
              () -> pairwise(AsymmetricSpec.ECC_SECG_P256K1, SECP256K1_PKCS8)),
          new Check("ECDH P-256 (OpenSSL shared secret)", Family.EC_NIST, SelfTests::ecdh),
          new Check("Ed25519 (RFC 8032 test 2)", Family.ED25519, SelfTests::ed25519),
          new Check(
              "ML-DSA-44 from seed, deterministic (Wycheproof)", Family.ML_DSA, SelfTests::mlDsa));

  private SelfTests() {}

  /** The checks of {@code family}, in the order they run. */
  public static List<Check> checks(Family family) {
    return CHECKS.stream().filter(check -> check.family() == family).toList();
  }

  /**
   * Runs {@code checks}.
   *
   * @return the name of the first check that failed (or threw), or {@code null} if all passed
   */
  public static String firstFailure(List<Check> checks) {
    for (Check check : checks) {
      try {
        if (!Boolean.TRUE.equals(check.passes().get())) {
          return check.name();
        }
      } catch (RuntimeException e) {
        return check.name();
      }
    }
    return null;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static boolean equal(byte[] actual, String expectedHex) {
    return MessageDigest.isEqual(actual, HEX.parseHex(expectedHex));
  }

  private static AsymmetricPrivateKey key(AsymmetricSpec spec, String pkcs8Hex) {
    try {
      return AsymmetricPrivateKey.fromStoredPkcs8(spec, HEX.parseHex(pkcs8Hex));
    } catch (KeyEncodingException e) {
      throw new IllegalStateException("a self-test key does not parse", e);
    }
  }

  private static boolean rsaPkcs1() {
    AsymmetricPrivateKey key = key(AsymmetricSpec.RSA_2048, RSA_2048_PKCS8);
    byte[] signature =
        key.sign(
            SignatureAlgorithm.RSASSA_PKCS1_V1_5_SHA_256,
            MessageKind.RAW,
            MESSAGE,
            new SecureRandom());
    return equal(signature, RSA_2048_PKCS1_SHA256)
        && key.publicKey()
            .verify(
                SignatureAlgorithm.RSASSA_PKCS1_V1_5_SHA_256, MessageKind.RAW, MESSAGE, signature);
  }

  private static boolean pairwise(AsymmetricSpec spec, String pkcs8Hex) {
    AsymmetricPrivateKey key = key(spec, pkcs8Hex);
    SignatureAlgorithm algorithm = SignatureAlgorithm.ECDSA_SHA_256;
    byte[] signature = key.sign(algorithm, MessageKind.RAW, MESSAGE, new SecureRandom());
    byte[] other = MESSAGE.clone();
    other[0] ^= 1;
    return key.publicKey().verify(algorithm, MessageKind.RAW, MESSAGE, signature)
        && !key.publicKey().verify(algorithm, MessageKind.RAW, other, signature);
  }

  private static boolean ecdh() {
    try {
      return equal(
          key(AsymmetricSpec.ECC_NIST_P256, P256_PKCS8)
              .deriveSharedSecret(HEX.parseHex(P256_PEER_SPKI)),
          P256_ECDH);
    } catch (KeyEncodingException e) {
      return false;
    }
  }

  private static boolean ed25519() {
    AsymmetricPrivateKey key =
        key(
            AsymmetricSpec.ECC_NIST_EDWARDS25519,
            "302e020100300506032b657004220420"
                + "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
    return equal(
        key.sign(
            SignatureAlgorithm.ED25519_SHA_512,
            MessageKind.RAW,
            HEX.parseHex("72"),
            new SecureRandom()),
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
            + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
  }

  /** Wycheproof mldsa_44_sign_seed_test.json tcId 1: seed 2a..2a, "Hello world", rnd = 0. */
  private static boolean mlDsa() {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) 0x2a);
    AsymmetricPrivateKey key = MlDsaKeys.fromSeed(AsymmetricSpec.ML_DSA_44, seed);
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
    return equal(
            Digest.SHA_256.hash(signature),
            "8cd6fc03daa72e87210a4e721523e84c14f27733789075e65736744d4787fdd5")
        && key.publicKey()
            .verify(
                SignatureAlgorithm.ML_DSA_SHAKE_256,
                MessageKind.RAW,
                ascii("Hello world"),
                signature);
  }
}
