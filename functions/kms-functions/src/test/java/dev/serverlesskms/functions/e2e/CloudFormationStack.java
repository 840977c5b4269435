package dev.serverlesskms.functions.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * One CloudFormation stack, created from a template body and deleted again. Waits poll at a fixed
 * pace up to a deadline; a stack that fails says why, with the reasons of its failed resources.
 */
final class CloudFormationStack {
  private static final Duration POLL = Duration.ofSeconds(5);
  private static final Set<StackStatus> CREATE_FAILED =
      Set.of(
          StackStatus.CREATE_FAILED,
          StackStatus.ROLLBACK_IN_PROGRESS,
          StackStatus.ROLLBACK_COMPLETE,
          StackStatus.ROLLBACK_FAILED);

  private final CloudFormationClient cloudFormation;
  private final String name;

  private CloudFormationStack(CloudFormationClient cloudFormation, String name) {
    this.cloudFormation = cloudFormation;
    this.name = name;
  }

  /**
   * Starts creating the stack; {@link #awaitCreated} waits for it. SAM templates need
   * CAPABILITY_AUTO_EXPAND (the transform) and, as this one makes roles, CAPABILITY_IAM.
   */
  static CloudFormationStack create(
      CloudFormationClient cloudFormation,
      String name,
      String templateBody,
      Map<String, String> parameters) {
    if (templateBody.getBytes(StandardCharsets.UTF_8).length
        > SamTemplate.MAX_TEMPLATE_BODY_BYTES) {
      throw new IllegalStateException(
          "the template exceeds CloudFormation's inline limit of "
              + SamTemplate.MAX_TEMPLATE_BODY_BYTES
              + " bytes: upload it to S3 and create the stack with TemplateURL");
    }
    cloudFormation.createStack(
        r ->
            r.stackName(name)
                .templateBody(templateBody)
                .capabilities(Capability.CAPABILITY_IAM, Capability.CAPABILITY_AUTO_EXPAND)
                .parameters(
                    parameters.entrySet().stream()
                        .map(
                            p ->
                                Parameter.builder()
                                    .parameterKey(p.getKey())
                                    .parameterValue(p.getValue())
                                    .build())
                        .toList()));
    return new CloudFormationStack(cloudFormation, name);
  }

  /** Waits for CREATE_COMPLETE; fails at once when the stack fails or rolls back. */
  void awaitCreated(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      StackStatus status = describe().stackStatus();
      if (status == StackStatus.CREATE_COMPLETE) {
        return;
      }
      if (CREATE_FAILED.contains(status)) {
        throw new AssertionError("stack " + name + " failed: " + status + "\n" + failureReasons());
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "stack "
                + name
                + " is still "
                + status
                + " after "
                + timeout
                + "\n"
                + failureReasons());
      }
      sleep();
    }
  }

  /** The stack's outputs, by key. */
  Map<String, String> outputs() {
    return describe().outputs().stream()
        .collect(Collectors.toMap(Output::outputKey, Output::outputValue));
  }

  /** Deletes the stack and waits for DELETE_COMPLETE (or for the stack to be gone). */
  void delete(Duration timeout) {
    cloudFormation.deleteStack(r -> r.stackName(name));
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      StackStatus status;
      try {
        status = describe().stackStatus();
      } catch (CloudFormationException gone) {
        return; // "Stack with id ... does not exist"
      }
      if (status == StackStatus.DELETE_COMPLETE) {
        return;
      }
      if (status == StackStatus.DELETE_FAILED) {
        throw new AssertionError("stack " + name + " could not be deleted\n" + failureReasons());
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("stack " + name + " is still " + status + " after " + timeout);
      }
      sleep();
    }
  }

  private Stack describe() {
    return cloudFormation.describeStacks(r -> r.stackName(name)).stacks().get(0);
  }

  /** The failed resources and why, oldest first: the first one is usually the cause. */
  private String failureReasons() {
    try {
      List<StackEvent> events =
          cloudFormation.describeStackEvents(r -> r.stackName(name)).stackEvents();
      return events.stream()
          .filter(
              e ->
                  e.resourceStatusAsString() != null
                      && e.resourceStatusAsString().endsWith("_FAILED"))
          .sorted((a, b) -> a.timestamp().compareTo(b.timestamp()))
          .map(
              e ->
                  "  "
                      + e.logicalResourceId()
                      + " "
                      + e.resourceStatusAsString()
                      + ": "
                      + e.resourceStatusReason())
          .collect(Collectors.joining("\n"));
    } catch (RuntimeException e) {
      return "(no stack events: " + e + ")";
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for the stack", e);
    }
  }
}
