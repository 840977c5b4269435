package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.KmsFixture.arn;
import static dev.serverlesskms.core.operation.Requests.deleteImportedKeyMaterial;
import static dev.serverlesskms.core.operation.Requests.getParametersForImport;
import static dev.serverlesskms.core.operation.Requests.importKeyMaterial;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.DeleteImportedKeyMaterialRequest;
import dev.serverlesskms.core.api.DeleteImportedKeyMaterialResponse;
import dev.serverlesskms.core.api.GetParametersForImportResponse;
import dev.serverlesskms.core.api.ImportKeyMaterialResponse;
import dev.serverlesskms.core.api.KeyMetadata;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.model.ExpirationModel;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.WrappingAlgorithm;
import dev.serverlesskms.core.model.WrappingKeySpec;
import dev.serverlesskms.testkit.CustomerKeyWrapping;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bring your own key: GetParametersForImport, ImportKeyMaterial and DeleteImportedKeyMaterial. The
 * wrapping algorithms and key sizes, the import token's key binding and 24-hour validity, the
 * expiration rules, one material per key for life, their key-state rows and their audit records
 * (never the token or the material). Expiry on schedule is the lifecycle job's ({@link
 * KeyLifecycleJobTest}).
 */
class ImportOperationsTest {
  private static final WrappingAlgorithm OAEP_256 = WrappingAlgorithm.RSAES_OAEP_SHA_256;

  private final KmsFixture f = new KmsFixture();
  private final Kms kms = f.kms;

  // ------------------------------------------------------------------ GetParametersForImport

  @ParameterizedTest
  @EnumSource(
      value = WrappingKeySpec.class,
      names = {"RSA_2048", "RSA_3072"})
  void getParametersForImport_returnsAWrappingKeyOfTheSpec_andATokenValidFor24Hours_thatImports(
      WrappingKeySpec spec) throws Exception {
    String keyId = f.externalKey();

    GetParametersForImportResponse parameters =
        f.parameters(keyId, WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256, spec);

    assertThat(parameters.keyId()).isEqualTo(arn(keyId));
    RSAPublicKey publicKey =
        (RSAPublicKey)
            KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(parameters.publicKey()));
    assertThat(publicKey.getModulus().bitLength()).isEqualTo(spec.bits());
    assertThat(parameters.importToken()).isNotEmpty();
    assertThat(parameters.parametersValidTo()).isEqualTo(f.now().plus(Duration.ofHours(24)));

    f.call(
        kms.importKeyMaterial,
        importKeyMaterial(keyId)
            .token(parameters.importToken())
            .material(
                wrap(
                    WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256,
                    parameters,
                    CustomerKeyWrapping.randomMaterial(32)))
            .neverExpires()
            .build());
    assertThat(f.state(keyId)).isEqualTo(KeyState.ENABLED);
  }

  @Test
  void getParametersForImport_refusesWrappingsAwsRefuses() {
    String keyId = f.externalKey();

    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.getParametersForImport,
                getParametersForImport(
                    keyId, WrappingAlgorithm.RSAES_PKCS1_V1_5, WrappingKeySpec.RSA_2048)))
        .hasMessage(
            "The wrapping algorithm RSAES_PKCS1_V1_5 is no longer supported for importing key"
                + " material. Use RSAES_OAEP_SHA_256 or RSA_AES_KEY_WRAP_SHA_256.");
    assertThat(
            f.error(
                KmsErrorType.UNSUPPORTED_OPERATION,
                kms.getParametersForImport,
                getParametersForImport(keyId, WrappingAlgorithm.SM2PKE, WrappingKeySpec.RSA_2048)))
        .hasMessage("SM2 wrapping is available in China Regions only.");
    f.error(
        KmsErrorType.UNSUPPORTED_OPERATION,
        kms.getParametersForImport,
        getParametersForImport(keyId, OAEP_256, WrappingKeySpec.SM2));
    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.getParametersForImport,
                getParametersForImport(keyId, null, WrappingKeySpec.RSA_2048)))
        .hasMessage(
            "1 validation error detected: Value null at 'wrappingAlgorithm' failed to satisfy"
                + " constraint: Member must not be null");
    f.error(
        KmsErrorType.VALIDATION,
        kms.getParametersForImport,
        getParametersForImport(keyId, OAEP_256, null));
  }

  @Test
  void importOperations_onAKeyWithKmsMaterial_areUnsupported() {
    String keyId = f.createKey();
    String message = arn(keyId) + " origin is AWS_KMS which is not valid for this operation.";

    assertThat(
            f.error(
                KmsErrorType.UNSUPPORTED_OPERATION,
                kms.getParametersForImport,
                getParametersForImport(keyId, OAEP_256, WrappingKeySpec.RSA_2048)))
        .hasMessage(message);
    assertThat(
            f.error(
                KmsErrorType.UNSUPPORTED_OPERATION,
                kms.importKeyMaterial,
                importKeyMaterial(keyId)
                    .token(new byte[8])
                    .material(new byte[8])
                    .neverExpires()
                    .build()))
        .hasMessage(message);
    assertThat(
            f.error(
                KmsErrorType.UNSUPPORTED_OPERATION,
                kms.deleteImportedKeyMaterial,
                deleteImportedKeyMaterial(keyId)))
        .hasMessage(message);
  }

  @Test
  void importOperations_takeKeyIdOrArn_butNoAlias() {
    String keyId = f.externalKey();
    f.createAlias("alias/byok", keyId);

    f.error(
        KmsErrorType.NOT_FOUND,
        kms.getParametersForImport,
        getParametersForImport("alias/byok", OAEP_256, WrappingKeySpec.RSA_2048));
    f.error(
        KmsErrorType.NOT_FOUND,
        kms.importKeyMaterial,
        importKeyMaterial("alias/byok")
            .token(new byte[8])
            .material(new byte[8])
            .neverExpires()
            .build());
    f.error(
        KmsErrorType.NOT_FOUND,
        kms.deleteImportedKeyMaterial,
        deleteImportedKeyMaterial("alias/byok"));
    f.error(
        KmsErrorType.NOT_FOUND,
        kms.deleteImportedKeyMaterial,
        deleteImportedKeyMaterial("11111111-2222-3333-4444-555555555555"));
    f.call(kms.deleteImportedKeyMaterial, deleteImportedKeyMaterial(arn(keyId)));
  }

  // ------------------------------------------------------------------ ImportKeyMaterial

  @ParameterizedTest
  @EnumSource(
      value = WrappingAlgorithm.class,
      names = {
        "RSAES_OAEP_SHA_1",
        "RSAES_OAEP_SHA_256",
        "RSA_AES_KEY_WRAP_SHA_1",
        "RSA_AES_KEY_WRAP_SHA_256"
      })
  void importKeyMaterial_withEachWrappingAlgorithm_makesAUsableKey(WrappingAlgorithm algorithm) {
    String keyId = f.externalKey();
    GetParametersForImportResponse parameters =
        f.parameters(keyId, algorithm, WrappingKeySpec.RSA_2048);
    Instant validTo = f.now().plus(Duration.ofDays(10));

    ImportKeyMaterialResponse response =
        f.call(
            kms.importKeyMaterial,
            importKeyMaterial(arn(keyId))
                .token(parameters.importToken())
                .material(wrap(algorithm, parameters, CustomerKeyWrapping.randomMaterial(32)))
                .validTo(validTo)
                .expirationModel(ExpirationModel.KEY_MATERIAL_EXPIRES)
                .build());

    KeyMetadata imported = f.describe(keyId);
    assertThat(response.keyId()).isEqualTo(arn(keyId));
    assertThat(response.keyMaterialId())
        .matches("[0-9a-f]{64}")
        .isEqualTo(imported.currentKeyMaterialId());
    assertThat(imported.keyState()).isEqualTo(KeyState.ENABLED);
    assertThat(imported.enabled()).isTrue();
    assertThat(imported.origin().name()).isEqualTo("EXTERNAL");
    assertThat(imported.expirationModel()).isEqualTo(ExpirationModel.KEY_MATERIAL_EXPIRES);
    assertThat(imported.validTo()).isEqualTo(validTo);
    assertThat(f.decrypt(f.encrypt(keyId, "bring your own key"))).isEqualTo("bring your own key");
  }

  @Test
  void importKeyMaterial_thatNeverExpires_hasNoValidTo() {
    String keyId = f.externalKey();

    f.importMaterial(keyId, CustomerKeyWrapping.randomMaterial(32), null);

    KeyMetadata imported = f.describe(keyId);
    assertThat(imported.expirationModel()).isEqualTo(ExpirationModel.KEY_MATERIAL_DOES_NOT_EXPIRE);
    assertThat(imported.validTo()).isNull();
  }

  @Test
  void importKeyMaterial_expirationRules_areAwsRules() {
    String keyId = f.externalKey();
    byte[] any = new byte[16];

    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.importKeyMaterial,
                importKeyMaterial(keyId).token(any).material(any).build()))
        .hasMessage("A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES");
    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.importKeyMaterial,
                importKeyMaterial(keyId)
                    .token(any)
                    .material(any)
                    .neverExpires()
                    .validTo(f.now().plus(Duration.ofDays(1)))
                    .build()))
        .hasMessage(
            "A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE");
    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.importKeyMaterial,
                importKeyMaterial(keyId).token(any).material(any).validTo(f.now()).build()))
        .hasMessage("The validTo date must be in the future.");
    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.importKeyMaterial,
                importKeyMaterial(keyId)
                    .token(any)
                    .material(any)
                    .validTo(f.now().plus(Duration.ofDays(365)).plusMillis(1))
                    .build()))
        .hasMessage("The validTo date must be no more than 365 days from the current date.");
    assertThat(f.state(keyId)).isEqualTo(KeyState.PENDING_IMPORT);
  }

  @Test
  void importKeyMaterial_requestLimits_andImportType() {
    String keyId = f.externalKey();
    byte[] any = new byte[16];

    f.error(
        KmsErrorType.VALIDATION,
        kms.importKeyMaterial,
        importKeyMaterial(keyId).material(any).neverExpires().build());
    f.error(
        KmsErrorType.VALIDATION,
        kms.importKeyMaterial,
        importKeyMaterial(keyId).token(new byte[0]).material(any).neverExpires().build());
    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.importKeyMaterial,
                importKeyMaterial(keyId)
                    .token(new byte[6145])
                    .material(any)
                    .neverExpires()
                    .build()))
        .hasMessage(
            "1 validation error detected: Value at 'importToken' failed to satisfy constraint:"
                + " Member must have length less than or equal to 6144");
    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.importKeyMaterial,
                importKeyMaterial(keyId).token(any).neverExpires().build()))
        .hasMessage(
            "1 validation error detected: Value null at 'encryptedKeyMaterial' failed to satisfy"
                + " constraint: Member must not be null");
    f.error(
        KmsErrorType.VALIDATION,
        kms.importKeyMaterial,
        importKeyMaterial(keyId).token(any).material(new byte[6145]).neverExpires().build());
    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.importKeyMaterial,
                importKeyMaterial(keyId)
                    .token(any)
                    .material(any)
                    .neverExpires()
                    .importType("REPLACE")
                    .build()))
        .hasMessage(
            "1 validation error detected: Value 'REPLACE' at 'importType' failed to satisfy"
                + " constraint: Member must satisfy enum value set: [NEW_KEY_MATERIAL,"
                + " EXISTING_KEY_MATERIAL]");
  }

  @Test
  void importKeyMaterial_checksTheTokenAndTheMaterial() {
    String keyId = f.externalKey();
    String otherKeyId = f.externalKey();
    GetParametersForImportResponse forOther =
        f.parameters(otherKeyId, OAEP_256, WrappingKeySpec.RSA_2048);
    GetParametersForImportResponse parameters =
        f.parameters(keyId, OAEP_256, WrappingKeySpec.RSA_2048);
    byte[] material = CustomerKeyWrapping.randomMaterial(32);

    assertThat(
            f.error(
                KmsErrorType.INVALID_IMPORT_TOKEN,
                kms.importKeyMaterial,
                importKeyMaterial(keyId)
                    .token(forOther.importToken())
                    .material(wrap(OAEP_256, forOther, material))
                    .neverExpires()
                    .build()))
        .hasMessage("The import token is not valid for " + arn(keyId) + ".");
    f.error(
        KmsErrorType.INVALID_IMPORT_TOKEN,
        kms.importKeyMaterial,
        importKeyMaterial(keyId)
            .token(KmsFixture.utf8("not a token"))
            .material(wrap(OAEP_256, parameters, material))
            .neverExpires()
            .build());
    assertThat(
            f.error(
                KmsErrorType.INVALID_CIPHERTEXT,
                kms.importKeyMaterial,
                importKeyMaterial(keyId)
                    .token(parameters.importToken())
                    .material(CustomerKeyWrapping.randomMaterial(256))
                    .neverExpires()
                    .build()))
        .hasMessage("");
    assertThat(
            f.error(
                KmsErrorType.INCORRECT_KEY_MATERIAL,
                kms.importKeyMaterial,
                importKeyMaterial(keyId)
                    .token(parameters.importToken())
                    .material(wrap(OAEP_256, parameters, CustomerKeyWrapping.randomMaterial(16)))
                    .neverExpires()
                    .build()))
        .hasMessage("Key material for a SYMMETRIC_DEFAULT key must be 256 bits (32 bytes).");
    assertThat(f.state(keyId)).isEqualTo(KeyState.PENDING_IMPORT);

    f.advance(Duration.ofHours(25));
    assertThat(
            f.error(
                KmsErrorType.EXPIRED_IMPORT_TOKEN,
                kms.importKeyMaterial,
                importKeyMaterial(keyId)
                    .token(parameters.importToken())
                    .material(wrap(OAEP_256, parameters, material))
                    .neverExpires()
                    .build()))
        .hasMessage("The import token has expired. Call GetParametersForImport for a new one.");
    assertThat(f.state(keyId)).isEqualTo(KeyState.PENDING_IMPORT);
  }

  @Test
  void aKeyTakesOneMaterialForLife_reimportingItRestoresOldCiphertexts_anotherIsRefused() {
    String keyId = f.externalKey();
    byte[] material = CustomerKeyWrapping.randomMaterial(32);
    String materialId = f.importMaterial(keyId, material, null);
    byte[] blob = f.encrypt(keyId, "before deletion");
    f.call(kms.deleteImportedKeyMaterial, deleteImportedKeyMaterial(keyId));

    GetParametersForImportResponse parameters =
        f.parameters(keyId, OAEP_256, WrappingKeySpec.RSA_2048);
    assertThat(
            f.error(
                KmsErrorType.INCORRECT_KEY_MATERIAL,
                kms.importKeyMaterial,
                importKeyMaterial(keyId)
                    .token(parameters.importToken())
                    .material(wrap(OAEP_256, parameters, CustomerKeyWrapping.randomMaterial(32)))
                    .neverExpires()
                    .build()))
        .hasMessage(
            "The key material is different from the key material that was previously imported"
                + " into this KMS key.");
    assertThat(f.state(keyId)).isEqualTo(KeyState.PENDING_IMPORT);

    ImportKeyMaterialResponse again =
        f.call(
            kms.importKeyMaterial,
            importKeyMaterial(keyId)
                .token(parameters.importToken())
                .material(wrap(OAEP_256, parameters, material))
                .neverExpires()
                .importType("EXISTING_KEY_MATERIAL")
                .build());
    assertThat(again.keyMaterialId()).isEqualTo(materialId);
    assertThat(f.decrypt(blob)).isEqualTo("before deletion");
  }

  @Test
  void reimportingTheSameMaterial_changesOnlyItsExpiration_keepingTheKeyState() {
    String keyId = f.externalKey();
    byte[] material = CustomerKeyWrapping.randomMaterial(32);
    f.importMaterial(keyId, material, f.now().plus(Duration.ofDays(365)));
    f.disable(keyId);

    f.importMaterial(keyId, material, null);

    KeyMetadata metadata = f.describe(keyId);
    assertThat(metadata.keyState()).isEqualTo(KeyState.DISABLED);
    assertThat(metadata.expirationModel()).isEqualTo(ExpirationModel.KEY_MATERIAL_DOES_NOT_EXPIRE);
    assertThat(metadata.validTo()).isNull();
  }

  // ------------------------------------------------------------------ key-state table

  @Test
  void getParametersAndImport_workWhileEnabledOrDisabled_butNotPendingDeletion() {
    String keyId = f.externalKey();
    byte[] material = CustomerKeyWrapping.randomMaterial(32);
    f.importMaterial(keyId, material, null);

    f.parameters(keyId, OAEP_256, WrappingKeySpec.RSA_2048);
    f.disable(keyId);
    GetParametersForImportResponse parameters =
        f.parameters(keyId, OAEP_256, WrappingKeySpec.RSA_2048);
    f.scheduleDeletion(keyId);

    assertThat(
            f.error(
                KmsErrorType.INVALID_STATE,
                kms.getParametersForImport,
                getParametersForImport(keyId, OAEP_256, WrappingKeySpec.RSA_2048)))
        .hasMessage(arn(keyId) + " is pending deletion.");
    f.error(
        KmsErrorType.INVALID_STATE,
        kms.importKeyMaterial,
        importKeyMaterial(keyId)
            .token(parameters.importToken())
            .material(wrap(OAEP_256, parameters, material))
            .neverExpires()
            .build());
    assertThat(
            f.error(
                KmsErrorType.INVALID_STATE,
                kms.deleteImportedKeyMaterial,
                deleteImportedKeyMaterial(keyId)))
        .hasMessage(arn(keyId) + " is pending deletion.");
  }

  // ------------------------------------------------------------------ DeleteImportedKeyMaterial

  @ParameterizedTest
  @EnumSource(
      value = KeyState.class,
      names = {"ENABLED", "DISABLED"})
  void deleteImportedKeyMaterial_returnsTheKeyToPendingImport(KeyState state) {
    String keyId = f.importedKeyIn(state);
    String materialId = f.describe(keyId).currentKeyMaterialId();

    DeleteImportedKeyMaterialResponse response =
        f.call(kms.deleteImportedKeyMaterial, deleteImportedKeyMaterial(keyId));

    assertThat(response.keyId()).isEqualTo(arn(keyId));
    assertThat(response.keyMaterialId()).isEqualTo(materialId);
    KeyMetadata metadata = f.describe(keyId);
    assertThat(metadata.keyState()).isEqualTo(KeyState.PENDING_IMPORT);
    assertThat(metadata.currentKeyMaterialId()).isNull();
    assertThat(metadata.validTo()).isNull();
    assertThat(metadata.expirationModel()).isNull();
    assertThat(
            f.error(
                KmsErrorType.INVALID_STATE,
                kms.generateDataKey,
                Requests.generateDataKey(keyId, 32, null)))
        .hasMessage(arn(keyId) + " is pending import.");
  }

  @Test
  void deleteImportedKeyMaterial_ofAKeyWithoutMaterial_changesNothing() {
    String keyId = f.externalKey();

    DeleteImportedKeyMaterialResponse response =
        f.call(kms.deleteImportedKeyMaterial, deleteImportedKeyMaterial(keyId));

    assertThat(response.keyId()).isEqualTo(arn(keyId));
    assertThat(response.keyMaterialId()).isNull();
    assertThat(f.state(keyId)).isEqualTo(KeyState.PENDING_IMPORT);
  }

  @Test
  void deleteImportedKeyMaterial_ofANamedMaterial_mustNameTheKeysMaterial() {
    String keyId = f.importedKeyIn(KeyState.ENABLED);
    String materialId = f.describe(keyId).currentKeyMaterialId();
    String other = "0".repeat(64);

    assertThat(
            f.error(
                KmsErrorType.NOT_FOUND,
                kms.deleteImportedKeyMaterial,
                new DeleteImportedKeyMaterialRequest(keyId, other)))
        .hasMessage("Key material " + other + " does not exist for " + arn(keyId));
    assertThat(f.state(keyId)).isEqualTo(KeyState.ENABLED);

    f.call(kms.deleteImportedKeyMaterial, new DeleteImportedKeyMaterialRequest(keyId, materialId));
    assertThat(f.state(keyId)).isEqualTo(KeyState.PENDING_IMPORT);
    f.error(
        KmsErrorType.NOT_FOUND,
        kms.deleteImportedKeyMaterial,
        new DeleteImportedKeyMaterialRequest(f.externalKey(), materialId));
  }

  // ------------------------------------------------------------------ audit

  @Test
  void importRequests_areAudited_neverWithTheTokenOrTheMaterial() {
    String keyId = f.externalKey();
    GetParametersForImportResponse parameters =
        f.parameters(keyId, OAEP_256, WrappingKeySpec.RSA_2048);
    AuditEvent got = f.lastAudit();
    assertThat(got.eventName()).isEqualTo("GetParametersForImport");
    assertThat(got.readOnly()).isTrue();
    assertThat(got.requestParameters())
        .containsEntry("wrappingAlgorithm", "RSAES_OAEP_SHA_256")
        .containsEntry("wrappingKeySpec", "RSA_2048");
    assertThat(got.responseElements()).isNull();
    byte[] material = CustomerKeyWrapping.randomMaterial(32);
    byte[] wrapped = wrap(OAEP_256, parameters, material);
    Instant validTo = f.now().plus(Duration.ofDays(30));

    f.call(
        kms.importKeyMaterial,
        importKeyMaterial(keyId)
            .token(parameters.importToken())
            .material(wrapped)
            .validTo(validTo)
            .build());

    AuditEvent imported = f.lastAudit();
    assertThat(imported.eventName()).isEqualTo("ImportKeyMaterial");
    assertThat(imported.readOnly()).isFalse();
    assertThat(imported.requestParameters())
        .containsEntry("keyId", keyId)
        .containsEntry("validTo", validTo)
        .doesNotContainKeys("importToken", "encryptedKeyMaterial");
    assertThat(imported.resources())
        .extracting(AuditEvent.Resource::arn)
        .containsExactly(arn(keyId));
    f.assertNoAuditRecordHolds(material);
    f.assertNoAuditRecordHolds(wrapped);
    f.assertNoAuditRecordHolds(parameters.importToken());

    f.call(kms.deleteImportedKeyMaterial, deleteImportedKeyMaterial(keyId));
    assertThat(f.lastAudit().eventName()).isEqualTo("DeleteImportedKeyMaterial");
    assertThat(f.lastAudit().readOnly()).isFalse();
  }

  private static byte[] wrap(
      WrappingAlgorithm algorithm, GetParametersForImportResponse parameters, byte[] material) {
    return CustomerKeyWrapping.wrap(algorithm, parameters.publicKey(), material);
  }
}
