package dev.serverlesskms.functions.seed;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.serverlesskms.core.audit.AuditSink;
import dev.serverlesskms.core.port.KmsEnvironment;
import dev.serverlesskms.core.seed.SeedApplier;
import dev.serverlesskms.core.seed.SeedFile;
import dev.serverlesskms.core.seed.SeedFileException;
import dev.serverlesskms.core.seed.SeedFileReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Reads the seed file (YAML, of which JSON is a subset, so one parser reads both) and applies it to
 * the KMS. The rules are kms-core's ({@link SeedFileReader}, {@link SeedApplier}); this class only
 * parses and reports. A file the KMS refuses ends the start with {@link SeedFileRefusedException},
 * whose message lists the problems (no key material: neither the reader nor the applier puts any in
 * a message, and a parse error is reported by line and column only).
 */
public final class SeedFileLoader {
  private static final Logger LOG = Logger.getLogger(SeedFileLoader.class);

  private SeedFileLoader() {}

  /**
   * @throws SeedFileRefusedException if the file cannot be read, parsed or applied
   */
  public static void apply(Path file, KmsEnvironment environment, AuditSink audit) {
    SeedFile seed;
    try {
      seed = SeedFileReader.read(parse(file));
      List<SeedApplier.Outcome> outcomes = new SeedApplier(environment, audit).apply(seed);
      long created = outcomes.stream().filter(o -> o.action().equals("Created")).count();
      long updated = outcomes.stream().filter(o -> o.action().equals("Updated")).count();
      LOG.infof(
          "Seed file %s: %d %s, %d created, %d updated, %d unchanged",
          file,
          outcomes.size(),
          outcomes.size() == 1 ? "key" : "keys",
          created,
          updated,
          outcomes.size() - created - updated);
    } catch (SeedFileException e) {
      throw refused(file, e.getMessage());
    }
  }

  private static Object parse(Path file) {
    try {
      return new ObjectMapper(new YAMLFactory()).readValue(Files.readString(file), Object.class);
    } catch (JacksonException e) {
      // the parser's own message may quote the text around the error: give its place only
      throw refused(
          file,
          "not YAML or JSON"
              + (e.getLocation() == null
                  ? ""
                  : " (line "
                      + e.getLocation().getLineNr()
                      + ", column "
                      + e.getLocation().getColumnNr()
                      + ")"));
    } catch (IOException e) {
      throw refused(file, "cannot be read: " + e.getMessage());
    }
  }

  private static SeedFileRefusedException refused(Path file, String problems) {
    String message =
        "The seed file " + file + " was refused:\n" + problems.indent(2).stripTrailing();
    // Not logged here: Quarkus prints a ConfigurationException that stops the start, once.
    return new SeedFileRefusedException(message);
  }
}
