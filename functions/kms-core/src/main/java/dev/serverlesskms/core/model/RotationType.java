package dev.serverlesskms.core.model;

/** How a key version came to be, named exactly as on the wire (ListKeyRotations). */
public enum RotationType {
  AUTOMATIC,
  ON_DEMAND;
}
