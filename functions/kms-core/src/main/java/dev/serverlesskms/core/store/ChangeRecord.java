package dev.serverlesskms.core.store;

import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.model.KmsKey;

/**
 * The audit record a writer commits with a key change (see {@link
 * dev.serverlesskms.core.port.KeyStore}'s outbox), made from the changed key before it is written.
 */
public interface ChangeRecord {

  /** The record of the change that produced {@code changed}. */
  OutboxRecord of(KmsKey changed);

  /** Told once {@code record} is stored with its change. */
  default void committed(OutboxRecord record) {}
}
