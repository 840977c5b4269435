package dev.serverlesskms.functions.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What {@link SigV4FuzzTest} found, one test each, for the fix to turn on. */
class SigV4FuzzFindingsTest {

  @Test
  void queryWithAMalformedPercentEscape_isAnAuthenticationError() {
    byte[] request =
        ("POST /?a=%zz\n"
                + "Authorization: AWS4-HMAC-SHA256"
                + " Credential=test/20261123/us-east-1/kms/aws4_request,"
                + " SignedHeaders=host;x-amz-date, Signature=00\n"
                + "X-Amz-Date: 20261123T054503Z\n"
                + "Host: 127.0.0.1:4599\n\n")
            .getBytes(StandardCharsets.UTF_8);

    Throwable refused =
        catchThrowable(
            () -> SigV4FuzzTest.AUTHENTICATOR.authenticate(SigV4FuzzTest.parse(request)));

    assertThat(refused).isInstanceOf(KmsException.class);
    assertThat(((KmsException) refused).type()).isNotEqualTo(KmsErrorType.INTERNAL);
  }
}
