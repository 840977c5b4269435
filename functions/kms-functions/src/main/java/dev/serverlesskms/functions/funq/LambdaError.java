package dev.serverlesskms.functions.funq;

import dev.serverlesskms.core.error.KmsErrorType;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The error a directly invoked function reports to Lambda ({@code aws lambda invoke} shows it as
 * {@code errorType} and {@code errorMessage}), in AWS's terms rather than Java's.
 *
 * <p>Quarkus reports a failed invocation as the exception's class name and message. From a Funqy
 * function that is always {@code io.quarkus.funqy.runtime.ApplicationException}, whose message is
 * the text of the exception the function threw: for a {@code KmsException}, {@code <AWS error
 * type>: <message>}. An input that cannot be read fails in Jackson before the function runs. {@link
 * #of} turns both back into the AWS error type and its message; anything else passes unchanged.
 */
public record LambdaError(String errorType, String errorMessage) {
  static final String FUNQY_APPLICATION_EXCEPTION = "io.quarkus.funqy.runtime.ApplicationException";

  private static final Set<String> AWS_TYPES =
      Arrays.stream(KmsErrorType.values())
          .map(KmsErrorType::wireName)
          .collect(Collectors.toUnmodifiableSet());
  private static final Pattern TYPED_MESSAGE = Pattern.compile("(\\w+): (.*)", Pattern.DOTALL);
  private static final Pattern REFERENCE_CHAIN =
      Pattern.compile("\\(through reference chain: (.*)\\)", Pattern.DOTALL);
  private static final Pattern REFERENCE = Pattern.compile("\\[\"([^\"]*)\"\\]|\\[(\\d+)\\]");
  private static final Pattern ENUM_VALUES =
      Pattern.compile("not one of the values accepted for Enum class: \\[([^\\]]*)\\]");

  /** The error as Lambda should report it, from what Quarkus would report. */
  public static LambdaError of(String errorType, String errorMessage) {
    String message = errorMessage == null ? "" : errorMessage;
    if (FUNQY_APPLICATION_EXCEPTION.equals(errorType)) {
      Matcher typed = TYPED_MESSAGE.matcher(message);
      if (typed.matches() && AWS_TYPES.contains(typed.group(1))) {
        return new LambdaError(typed.group(1), typed.group(2));
      }
    }
    if (errorType != null && errorType.startsWith("com.fasterxml.jackson.")) {
      return unreadableInput(errorType, message);
    }
    return new LambdaError(errorType, errorMessage);
  }

  /**
   * What the wire endpoint answers for the same input (see {@code RequestBodyReader}), built from
   * Jackson's message without repeating it: Jackson quotes values, and a value may be plaintext.
   */
  private static LambdaError unreadableInput(String errorType, String message) {
    if (errorType.startsWith("com.fasterxml.jackson.core.")) {
      return serialization("The request body is not valid JSON.");
    }
    String member = memberPath(message);
    Matcher enumValues = ENUM_VALUES.matcher(message);
    if (!member.isEmpty() && enumValues.find()) {
      return new LambdaError(
          KmsErrorType.VALIDATION.wireName(),
          "1 validation error detected: Value at '"
              + Character.toLowerCase(member.charAt(0))
              + member.substring(1)
              + "' failed to satisfy constraint: Member must satisfy enum value set: ["
              + enumValues.group(1)
              + "]");
    }
    return serialization(
        member.isEmpty()
            ? "The request body could not be read as this operation's input."
            : "The value of '" + member + "' is not valid for its type.");
  }

  /**
   * {@code Tags[0].TagKey} from {@code (through reference chain: X["Tags"]->List[0]->Y["TagKey"])}.
   */
  static String memberPath(String message) {
    Matcher chain = REFERENCE_CHAIN.matcher(message);
    if (!chain.find()) {
      return "";
    }
    StringBuilder path = new StringBuilder();
    Matcher reference = REFERENCE.matcher(chain.group(1));
    while (reference.find()) {
      if (reference.group(1) != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(reference.group(1));
      } else {
        path.append('[').append(reference.group(2)).append(']');
      }
    }
    return path.toString();
  }

  private static LambdaError serialization(String message) {
    return new LambdaError(KmsErrorType.SERIALIZATION.wireName(), message);
  }
}
