#!/bin/sh
# Made these fixtures once, with OpenSSL 3.0.19 (27 Jan 2026); OpenSslFixturesTest reads them.
# Re-running makes new keys and signatures (the test reads whatever is here).
set -eu
cd "$(dirname "$0")"
printf 'message signed by openssl' > message.txt
key() { # name, genpkey options...
  name=$1; shift
  openssl genpkey "$@" -out "$name.pem" 2>/dev/null
  # PKCS#8 (openssl pkey -outform DER would write the traditional PKCS#1 / SEC 1 form)
  openssl pkcs8 -topk8 -nocrypt -in "$name.pem" -outform DER -out "$name.pk8.der"
  openssl pkey -in "$name.pem" -pubout -outform DER -out "$name.spki.der"
}
key rsa_2048 -algorithm RSA -pkeyopt rsa_keygen_bits:2048
key rsa_3072 -algorithm RSA -pkeyopt rsa_keygen_bits:3072
for bits in 256 384 512; do
  openssl dgst -sha$bits -sign rsa_2048.pem -out rsa_2048.pkcs1_sha$bits.sig message.txt
  openssl dgst -sha$bits -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest \
    -sigopt rsa_mgf1_md:sha$bits -sign rsa_2048.pem -out rsa_2048.pss_sha$bits.sig message.txt
done
openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest \
  -sigopt rsa_mgf1_md:sha256 -sign rsa_3072.pem -out rsa_3072.pss_sha256.sig message.txt
key p256 -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:named_curve
key p384 -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -pkeyopt ec_param_enc:named_curve
key p521 -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -pkeyopt ec_param_enc:named_curve
key secp256k1 -algorithm EC -pkeyopt ec_paramgen_curve:secp256k1 -pkeyopt ec_param_enc:named_curve
openssl dgst -sha256 -sign p256.pem -out p256.ecdsa_sha256.sig message.txt
openssl dgst -sha384 -sign p384.pem -out p384.ecdsa_sha384.sig message.txt
openssl dgst -sha512 -sign p521.pem -out p521.ecdsa_sha512.sig message.txt
openssl dgst -sha256 -sign secp256k1.pem -out secp256k1.ecdsa_sha256.sig message.txt
key ed25519 -algorithm ED25519
openssl pkeyutl -sign -rawin -inkey ed25519.pem -in message.txt -out ed25519.sig
# ECDH between p256 and a second P-256 key: the raw x coordinate
key p256_peer -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:named_curve
openssl pkeyutl -derive -inkey p256.pem -peerkey p256_peer.pem -out p256.ecdh.bin 2>/dev/null ||
  { openssl pkey -in p256_peer.pem -pubout -out p256_peer.pub.pem;
    openssl pkeyutl -derive -inkey p256.pem -peerkey p256_peer.pub.pem -out p256.ecdh.bin; rm p256_peer.pub.pem; }
# An explicit-parameters P-256 key (no named curve), which import refuses
openssl ec -in p256.pem -param_enc explicit -outform DER -out p256_explicit.sec1.der 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -inform DER -in p256_explicit.sec1.der -outform DER -out p256_explicit.pk8.der
rm -f p256_explicit.sec1.der *.pem
