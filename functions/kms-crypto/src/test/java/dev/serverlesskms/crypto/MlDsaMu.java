package dev.serverlesskms.crypto;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.digests.SHAKEDigest;

/**
 * FIPS 204 mu, computed independently of the signer: {@code mu = SHAKE256(tr || M', 64)} with
 * {@code tr = SHAKE256(pk, 64)} and, for pure ML-DSA with an empty context, {@code M' = 0x00 ||
 * 0x00 || M} (FIPS 204, algorithms 2 and 7).
 */
final class MlDsaMu {
  private MlDsaMu() {}

  static byte[] of(byte[] subjectPublicKeyInfo, byte[] message) {
    byte[] pk =
        SubjectPublicKeyInfo.getInstance(subjectPublicKeyInfo).getPublicKeyData().getOctets();
    byte[] tr = shake(pk);
    SHAKEDigest shake = new SHAKEDigest(256);
    shake.update(tr, 0, tr.length);
    shake.update((byte) 0);
    shake.update((byte) 0);
    shake.update(message, 0, message.length);
    byte[] mu = new byte[64];
    shake.doFinal(mu, 0, 64);
    return mu;
  }

  private static byte[] shake(byte[] in) {
    SHAKEDigest shake = new SHAKEDigest(256);
    shake.update(in, 0, in.length);
    byte[] out = new byte[64];
    shake.doFinal(out, 0, 64);
    return out;
  }
}
