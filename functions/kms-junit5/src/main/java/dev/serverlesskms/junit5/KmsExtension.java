package dev.serverlesskms.junit5;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The JUnit 5 extension behind {@link ServerlessKms}: starts a {@link KmsServer} before the class
 * (or before each test), resolves {@code KmsClient}, {@code URI} (the endpoint) and {@code
 * KmsServer} parameters, and stops the server after. With {@code @RegisterExtension}, build one
 * with {@link #builder()} in a static field.
 */
public final class KmsExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KmsExtension.class);
  private static final String SERVER = "server";

  private final Settings configured;

  /** Used by {@link ServerlessKms}: the settings come from the annotation on the test class. */
  public KmsExtension() {
    this.configured = null;
  }

  private KmsExtension(Settings settings) {
    this.configured = settings;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    // A @Nested class shares the server of the class around it.
    boolean enclosingServer = context.getStore(NAMESPACE).get(SERVER, KmsServer.class) != null;
    if (!enclosingServer && settings(context).lifetime() == Lifetime.PER_CLASS) {
      context.getStore(NAMESPACE).put(SERVER, startServer(context));
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (settings(context).lifetime() == Lifetime.PER_TEST) {
      context.getStore(NAMESPACE).put(SERVER, startServer(context));
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    stop(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KmsClient.class || type == URI.class || type == KmsServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    KmsServer server = context.getStore(NAMESPACE).get(SERVER, KmsServer.class);
    if (server == null) {
      throw new ParameterResolutionException(
          "No Serverless KMS server is running here: with Lifetime.PER_TEST, ask for "
              + parameter.getParameter().getType().getSimpleName()
              + " in test methods or @BeforeEach methods, not in constructors or @BeforeAll");
    }
    Class<?> type = parameter.getParameter().getType();
    if (type == KmsClient.class) {
      return server.client();
    }
    if (type == URI.class) {
      return server.endpoint();
    }
    return server;
  }

  private static void stop(ExtensionContext context) {
    // Only the context that started a server stops it (a method's store sees its class's entry
    // through its parent, but remove() acts on its own level only).
    KmsServer server = context.getStore(NAMESPACE).remove(SERVER, KmsServer.class);
    if (server != null) {
      server.close();
    }
  }

  private KmsServer startServer(ExtensionContext context) {
    Settings settings = settings(context);
    Class<?> testClass = context.getRequiredTestClass();
    return KmsServer.start(
        new KmsServerOptions(
            settings.seedFile().map(f -> resolveFile(f, testClass)),
            settings.principalsFile().map(f -> resolveFile(f, testClass)),
            settings.region()));
  }

  private Settings settings(ExtensionContext context) {
    if (configured != null) {
      return configured;
    }
    Optional<ServerlessKms> found = Optional.empty();
    for (Class<?> c = context.getRequiredTestClass(); c != null && found.isEmpty(); ) {
      found = AnnotationSupport.findAnnotation(c, ServerlessKms.class);
      c = c.getEnclosingClass(); // @Nested classes take the annotation of the class around them
    }
    ServerlessKms annotation =
        found.orElseThrow(
            () ->
                new IllegalStateException(
                    "KmsExtension without settings: annotate the class with @ServerlessKms or"
                        + " register KmsExtension.builder().build()"));
    return new Settings(
        blankToEmpty(annotation.seedFile()),
        blankToEmpty(annotation.principalsFile()),
        annotation.region(),
        annotation.lifetime());
  }

  private static Optional<String> blankToEmpty(String value) {
    return value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  /**
   * A file given by path, or else a classpath resource (copied to a temporary file: the server
   * reads a path, and a resource may sit inside a jar).
   */
  static Path resolveFile(String name, Class<?> testClass) {
    Path path = Path.of(name);
    if (Files.isRegularFile(path)) {
      return path.toAbsolutePath();
    }
    String resource = name.startsWith("/") ? name : "/" + name;
    try (InputStream in = testClass.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException(
            "No file or classpath resource named " + name + " (for the Serverless KMS server)");
      }
      String suffix = name.contains(".") ? name.substring(name.lastIndexOf('.')) : "";
      Path copy = Files.createTempFile("serverless-kms-junit5-", suffix);
      copy.toFile().deleteOnExit();
      Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Settings(
      Optional<String> seedFile,
      Optional<String> principalsFile,
      String region,
      Lifetime lifetime) {}

  /** Settings for {@code @RegisterExtension static final KmsExtension kms = ...build();}. */
  public static final class Builder {
    private String seedFile;
    private String principalsFile;
    private String region = "us-east-1";
    private Lifetime lifetime = Lifetime.PER_CLASS;

    private Builder() {}

    /** A seed file: a file path, or a classpath resource. */
    public Builder seedFile(String seedFile) {
      this.seedFile = seedFile;
      return this;
    }

    /** A seed file on disk. */
    public Builder seedFile(Path seedFile) {
      return seedFile(seedFile.toAbsolutePath().toString());
    }

    /** A principals file: a file path, or a classpath resource. */
    public Builder principalsFile(String principalsFile) {
      this.principalsFile = principalsFile;
      return this;
    }

    /** A principals file on disk. */
    public Builder principalsFile(Path principalsFile) {
      return principalsFile(principalsFile.toAbsolutePath().toString());
    }

    public Builder region(String region) {
      this.region = region;
      return this;
    }

    public Builder lifetime(Lifetime lifetime) {
      this.lifetime = lifetime;
      return this;
    }

    public KmsExtension build() {
      return new KmsExtension(
          new Settings(
              Optional.ofNullable(seedFile),
              Optional.ofNullable(principalsFile),
              region,
              lifetime));
    }
  }
}
