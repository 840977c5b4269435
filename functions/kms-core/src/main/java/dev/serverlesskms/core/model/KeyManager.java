package dev.serverlesskms.core.model;

/**
 * Who manages a key, named exactly as on the wire ({@code KeyMetadata.KeyManager}; frozen persisted
 * names): a customer managed key, or an AWS managed key ({@code alias/aws/<service>}), which AWS
 * creates on first use and whose policy, state, rotation and tags nobody may change.
 */
public enum KeyManager {
  AWS,
  CUSTOMER;
}
