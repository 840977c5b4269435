package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.math.BigDecimal;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(GetParametersForImportTest.Profile.class)
class GetParametersForImportTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("GetParametersForImport");
    }
  }

  @Test
  void getParametersForImport_sampleEvent_returnsAnRsa2048WrappingKeyAndToken() throws Exception {
    String keyId = newExternalKey();

    JsonNode out = invoke(withKey(event("get-parameters-for-import.json"), keyId));

    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    RSAPublicKey publicKey =
        (RSAPublicKey)
            KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(bytes(out.get("PublicKey"))));
    assertThat(publicKey.getModulus().bitLength()).isEqualTo(2048);
    assertThat(bytes(out.get("ImportToken"))).isNotEmpty();
    assertThat(out.get("ParametersValidTo").decimalValue())
        .isGreaterThan(BigDecimal.valueOf(Instant.now().getEpochSecond()));
  }
}
