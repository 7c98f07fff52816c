package dev.simdsgd.train;

import java.util.Objects;

/**
 * The learning rate ηₜ of step t, where t counts the steps of a training run from 0 and T is the
 * run's total number of steps. Implementations are immutable records; {@link #rate} is a few
 * floating-point operations and allocates nothing.
 *
 * <ul>
 *   <li>{@link #constant}: η₀.
 *   <li>{@link #stepDecay}: η₀·factor^⌊e/k⌋, where e = ⌊t / stepsPerEpoch⌋ is the 0-based epoch.
 *   <li>{@link #cosine}: η_min + ½(η₀ − η_min)(1 + cos(π·t/T)), from η₀ down towards η_min.
 *   <li>{@link #inverseTime}: η₀ / (1 + t/τ).
 *   <li>{@link #withWarmup}: over the first k steps, linear warmup ηₜ = η′(0)·(t+1)/k; afterwards
 *       the wrapped schedule η′ runs on its own clock t − k with total T − k, so a cosine decays
 *       over the steps after warmup.
 * </ul>
 */
public sealed interface LearningRateSchedule {

  /**
   * The learning rate of step t.
   *
   * @param t 0-based step
   * @param totalSteps T, the run's total number of steps (≥ 1)
   * @param stepsPerEpoch steps in one epoch (≥ 1)
   */
  double rate(long t, long totalSteps, long stepsPerEpoch);

  /** The rate of step 0 without warmup, η₀. */
  double initialRate();

  /** A one-line description such as {@code cosine(eta0=0.1, min=0)}. */
  String describe();

  /** Constant η₀. */
  static LearningRateSchedule constant(double learningRate) {
    return new Constant(learningRate);
  }

  /** η₀ multiplied by {@code factor} every {@code everyEpochs} epochs. */
  static LearningRateSchedule stepDecay(double learningRate, double factor, int everyEpochs) {
    return new StepDecay(learningRate, factor, everyEpochs);
  }

  /** Cosine decay from η₀ to {@code minLearningRate} over the run (after any warmup). */
  static LearningRateSchedule cosine(double learningRate, double minLearningRate) {
    return new Cosine(learningRate, minLearningRate);
  }

  /** η₀ / (1 + t/τ). */
  static LearningRateSchedule inverseTime(double learningRate, double tau) {
    return new InverseTime(learningRate, tau);
  }

  /** Linear warmup over the first {@code warmupSteps} steps, then {@code after}; 0 steps returns {@code after}. */
  static LearningRateSchedule withWarmup(int warmupSteps, LearningRateSchedule after) {
    Objects.requireNonNull(after, "after must not be null");
    if (warmupSteps < 0) {
      throw new IllegalArgumentException("warmup steps must be >= 0, was " + warmupSteps);
    }
    return warmupSteps == 0 ? after : new Warmup(warmupSteps, after);
  }

  private static void checkRate(double learningRate, String name) {
    if (!(learningRate > 0) || learningRate > Float.MAX_VALUE) {
      throw new IllegalArgumentException(name + " must be > 0 and finite as a float, was " + learningRate);
    }
  }

  /** Constant η₀. */
  record Constant(double learningRate) implements LearningRateSchedule {
    /** Validates that η₀ is finite and positive. */
    public Constant {
      checkRate(learningRate, "learningRate");
    }

    @Override
    public double rate(long t, long totalSteps, long stepsPerEpoch) {
      return learningRate;
    }

    @Override
    public double initialRate() {
      return learningRate;
    }

    @Override
    public String describe() {
      return "constant(lr=" + learningRate + ")";
    }
  }

  /** η₀·factor^⌊epoch/everyEpochs⌋. */
  record StepDecay(double learningRate, double factor, int everyEpochs) implements LearningRateSchedule {
    /** Validates η₀ &gt; 0, factor in (0, 1], everyEpochs ≥ 1. */
    public StepDecay {
      checkRate(learningRate, "learningRate");
      if (!(factor > 0 && factor <= 1)) {
        throw new IllegalArgumentException("decay factor must lie in (0, 1], was " + factor);
      }
      if (everyEpochs < 1) {
        throw new IllegalArgumentException("decay every (epochs) must be >= 1, was " + everyEpochs);
      }
    }

    @Override
    public double rate(long t, long totalSteps, long stepsPerEpoch) {
      long epoch = t / Math.max(1, stepsPerEpoch);
      return learningRate * Math.pow(factor, (double) (epoch / everyEpochs));
    }

    @Override
    public double initialRate() {
      return learningRate;
    }

    @Override
    public String describe() {
      return "step(lr=" + learningRate + ", factor=" + factor + " every " + everyEpochs + " epochs)";
    }
  }

  /** η_min + ½(η₀ − η_min)(1 + cos(π·t/T)). */
  record Cosine(double learningRate, double minLearningRate) implements LearningRateSchedule {
    /** Validates η₀ &gt; 0 and 0 ≤ η_min ≤ η₀. */
    public Cosine {
      checkRate(learningRate, "learningRate");
      if (!(minLearningRate >= 0 && minLearningRate <= learningRate)) {
        throw new IllegalArgumentException("minimum learning rate must lie in [0, " + learningRate
            + "], was " + minLearningRate);
      }
    }

    @Override
    public double rate(long t, long totalSteps, long stepsPerEpoch) {
      double frac = totalSteps <= 0 ? 0 : Math.min(1.0, (double) t / totalSteps);
      return minLearningRate + 0.5 * (learningRate - minLearningRate) * (1 + Math.cos(Math.PI * frac));
    }

    @Override
    public double initialRate() {
      return learningRate;
    }

    @Override
    public String describe() {
      return "cosine(lr=" + learningRate + " -> " + minLearningRate + ")";
    }
  }

  /** η₀ / (1 + t/τ). */
  record InverseTime(double learningRate, double tau) implements LearningRateSchedule {
    /** Validates η₀ &gt; 0 and τ &gt; 0. */
    public InverseTime {
      checkRate(learningRate, "learningRate");
      if (!(tau > 0) || Double.isInfinite(tau)) {
        throw new IllegalArgumentException("tau must be finite and > 0, was " + tau);
      }
    }

    @Override
    public double rate(long t, long totalSteps, long stepsPerEpoch) {
      return learningRate / (1 + t / tau);
    }

    @Override
    public double initialRate() {
      return learningRate;
    }

    @Override
    public String describe() {
      return "inverse-time(lr=" + learningRate + ", tau=" + tau + ")";
    }
  }

  /** Linear warmup over {@code steps} steps in front of {@code after}. */
  record Warmup(int steps, LearningRateSchedule after) implements LearningRateSchedule {
    /** Validates steps ≥ 1. */
    public Warmup {
      Objects.requireNonNull(after, "after must not be null");
      if (steps < 1) {
        throw new IllegalArgumentException("warmup steps must be >= 1, was " + steps);
      }
    }

    @Override
    public double rate(long t, long totalSteps, long stepsPerEpoch) {
      long rest = Math.max(1, totalSteps - steps);
      if (t < steps) {
        return after.rate(0, rest, stepsPerEpoch) * (t + 1) / steps;
      }
      return after.rate(t - steps, rest, stepsPerEpoch);
    }

    @Override
    public double initialRate() {
      return after.initialRate();
    }

    @Override
    public String describe() {
      return "warmup(" + steps + " steps) then " + after.describe();
    }
  }
}
