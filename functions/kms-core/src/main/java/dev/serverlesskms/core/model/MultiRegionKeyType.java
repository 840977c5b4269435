package dev.serverlesskms.core.model;

/** AWS's {@code MultiRegionKeyType}: which copy of a multi-Region key this one is. */
public enum MultiRegionKeyType {
  PRIMARY,
  REPLICA
}
