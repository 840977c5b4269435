package dev.serverlesskms.core.model;

/** Key agreement algorithm specs (KeyAgreementAlgorithmSpec), named exactly as on the wire. */
public enum KeyAgreementAlgorithm {
  ECDH;
}
