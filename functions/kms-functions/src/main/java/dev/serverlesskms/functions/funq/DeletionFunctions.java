package dev.serverlesskms.functions.funq;

import dev.serverlesskms.core.api.*;
import dev.serverlesskms.core.operation.Kms;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * Key deletion. One Funqy function per KMS operation, named as the operation; each deployed as its
 * own Lambda.
 */
public class DeletionFunctions {
  @Inject Kms kms;
  @Inject DirectInvocation invocation;

  @Funq("ScheduleKeyDeletion")
  public ScheduleKeyDeletionResponse scheduleKeyDeletion(ScheduleKeyDeletionRequest request) {
    return kms.invoke(kms.scheduleKeyDeletion, request, invocation.context());
  }

  @Funq("CancelKeyDeletion")
  public CancelKeyDeletionResponse cancelKeyDeletion(CancelKeyDeletionRequest request) {
    return kms.invoke(kms.cancelKeyDeletion, request, invocation.context());
  }
}
