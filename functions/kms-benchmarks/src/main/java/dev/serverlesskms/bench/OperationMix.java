package dev.serverlesskms.bench;

import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.random.RandomGenerator;

/**
 * A weighted choice of operations, e.g. {@code encrypt=2,decrypt=1}: two Encrypts for each Decrypt.
 */
final class OperationMix {
  private final Map<Operation, Integer> weights;
  private final int total;

  private OperationMix(Map<Operation, Integer> weights) {
    this.weights = weights;
    this.total = weights.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** {@code name=weight} pairs separated by commas; a bare name weighs 1. */
  static OperationMix parse(String spec) {
    Map<Operation, Integer> weights = new EnumMap<>(Operation.class);
    for (String part : spec.split(",")) {
      String[] nameAndWeight = part.trim().split("=", 2);
      int weight;
      try {
        weight = nameAndWeight.length == 2 ? Integer.parseInt(nameAndWeight[1].trim()) : 1;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("mix weight is not a number: " + part);
      }
      if (weight < 0 || weight > 1000) {
        throw new IllegalArgumentException("mix weight must be 0..1000: " + part);
      }
      weights.merge(Operation.parse(nameAndWeight[0].trim()), weight, Integer::sum);
    }
    weights.values().removeIf(weight -> weight == 0);
    if (weights.isEmpty()) {
      throw new IllegalArgumentException(
          "the mix names no operation with a weight above 0: " + spec);
    }
    return new OperationMix(weights);
  }

  Operation pick(RandomGenerator random) {
    int ticket = random.nextInt(total);
    for (Map.Entry<Operation, Integer> entry : weights.entrySet()) {
      ticket -= entry.getValue();
      if (ticket < 0) {
        return entry.getKey();
      }
    }
    throw new IllegalStateException("unreachable");
  }

  /** The mix of one operation of this mix, for measuring it alone ({@code --each}). */
  OperationMix only(Operation operation) {
    if (!includes(operation)) {
      throw new IllegalArgumentException(operation.awsName + " is not in the mix " + this);
    }
    Map<Operation, Integer> one = new EnumMap<>(Operation.class);
    one.put(operation, 1);
    return new OperationMix(one);
  }

  /** The operations of the mix, in {@link Operation} order. */
  java.util.Set<Operation> operations() {
    return weights.keySet();
  }

  boolean includes(Operation operation) {
    return weights.containsKey(operation);
  }

  @Override
  public String toString() {
    StringJoiner joiner = new StringJoiner(", ");
    weights.forEach((operation, weight) -> joiner.add(operation.awsName + " " + weight));
    return joiner.toString();
  }
}
