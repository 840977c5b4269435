package dev.serverlesskms.core.model;

/** Whether imported key material expires, named exactly as on the wire. */
public enum ExpirationModel {
  KEY_MATERIAL_EXPIRES,
  KEY_MATERIAL_DOES_NOT_EXPIRE;
}
