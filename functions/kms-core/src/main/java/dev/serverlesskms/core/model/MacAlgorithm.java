package dev.serverlesskms.core.model;

/** MAC algorithm specs (MacAlgorithmSpec), named exactly as on the wire. */
public enum MacAlgorithm {
  HMAC_SHA_224,
  HMAC_SHA_256,
  HMAC_SHA_384,
  HMAC_SHA_512;
}
