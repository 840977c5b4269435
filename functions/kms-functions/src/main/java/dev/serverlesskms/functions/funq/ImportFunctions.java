package dev.serverlesskms.functions.funq;

import dev.serverlesskms.core.api.*;
import dev.serverlesskms.core.operation.Kms;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * Imported key material (bring your own key). One Funqy function per KMS operation, named as the
 * operation; each deployed as its own Lambda.
 */
public class ImportFunctions {
  @Inject Kms kms;
  @Inject DirectInvocation invocation;

  @Funq("GetParametersForImport")
  public GetParametersForImportResponse getParametersForImport(
      GetParametersForImportRequest request) {
    return kms.invoke(kms.getParametersForImport, request, invocation.context());
  }

  @Funq("ImportKeyMaterial")
  public ImportKeyMaterialResponse importKeyMaterial(ImportKeyMaterialRequest request) {
    return kms.invoke(kms.importKeyMaterial, request, invocation.context());
  }

  @Funq("DeleteImportedKeyMaterial")
  public DeleteImportedKeyMaterialResponse deleteImportedKeyMaterial(
      DeleteImportedKeyMaterialRequest request) {
    return kms.invoke(kms.deleteImportedKeyMaterial, request, invocation.context());
  }
}
