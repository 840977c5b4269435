package dev.serverlesskms.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the Serverless KMS local server inside the test JVM for this test class, on a free loopback
 * port with a temporary data directory, and hands tests a configured {@code KmsClient}, the
 * endpoint {@code URI} or the {@link KmsServer} as parameters. For options computed at run time,
 * register {@link KmsExtension#builder()} with {@code @RegisterExtension} instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KmsExtension.class)
public @interface ServerlessKms {
  /** A seed file (YAML or JSON, see docs/seed-file.md): a file path, or a classpath resource. */
  String seedFile() default "";

  /** A principals file (docs/authorization.md): a file path, or a classpath resource. */
  String principalsFile() default "";

  /** The region the server is in, and the client's. */
  String region() default "us-east-1";

  /** One server per class (the default) or one per test method. */
  Lifetime lifetime() default Lifetime.PER_CLASS;
}
