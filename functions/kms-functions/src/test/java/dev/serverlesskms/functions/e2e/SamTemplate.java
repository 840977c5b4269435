package dev.serverlesskms.functions.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository's sam-template.yaml, made deployable with plain CloudFormation: {@code sam deploy}
 * uploads each local {@code CodeUri} to S3 and writes the S3 location in its place, and this does
 * the same for the one artifact every function deploys, target/function.zip (and for the
 * never-created build check layer's {@code ContentUri}).
 *
 * <p>The rewrite is textual, line by line: the template uses CloudFormation's short-form tags
 * (!Ref, !If, !Sub...), which a plain YAML parser rejects, and one property line is all that
 * changes.
 */
final class SamTemplate {
  /** CloudFormation's limit for a template passed inline (TemplateBody) rather than by URL. */
  static final int MAX_TEMPLATE_BODY_BYTES = 51_200;

  private static final Pattern CODE_URI =
      Pattern.compile("(?m)^([ \\t]*)CodeUri:[ \\t]*(\\S+)[ \\t]*(#.*)?$");
  private static final Pattern LOCAL_CONTENT_URI =
      Pattern.compile("(?m)^([ \\t]*)ContentUri:[ \\t]*(?!s3://)(\\S+)[ \\t]*(#.*)?$");

  private SamTemplate() {}

  /**
   * The template at {@code file} with every CodeUri naming function.zip replaced by {@code
   * s3://bucket/key}.
   */
  static String withCodeIn(Path file, String bucket, String key) {
    String template = read(file);
    Matcher matcher = CODE_URI.matcher(template);
    StringBuilder rewritten = new StringBuilder();
    int replaced = 0;
    while (matcher.find()) {
      String codeUri = matcher.group(2);
      if (!codeUri.endsWith("function.zip")) {
        throw new IllegalStateException(
            file
                + ": CodeUri "
                + codeUri
                + " is not target/function.zip; teach SamTemplate to upload it");
      }
      matcher.appendReplacement(
          rewritten,
          Matcher.quoteReplacement(matcher.group(1) + "CodeUri: s3://" + bucket + "/" + key));
      replaced++;
    }
    matcher.appendTail(rewritten);
    if (replaced == 0) {
      throw new IllegalStateException(
          file + " names no CodeUri: nothing would deploy the application");
    }
    return withLayersIn(rewritten.toString(), bucket, key);
  }

  /**
   * A layer's local ContentUri (the template's BuildVariantCheck: built by {@code sam build}, never
   * created, as its condition is false) gets an S3 location too, because the SAM transform requires
   * one even for a resource it will not create; nothing ever reads it.
   */
  private static String withLayersIn(String template, String bucket, String key) {
    return LOCAL_CONTENT_URI
        .matcher(template)
        .replaceAll(
            match ->
                Matcher.quoteReplacement(
                    match.group(1) + "ContentUri: s3://" + bucket + "/" + key));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
