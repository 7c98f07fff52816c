package dev.simdsgd.train;

import dev.simdsgd.kernel.Kernels;
import java.util.Objects;

/**
 * Everything that defines a training run, validated when {@link Builder#build()} is called so
 * that a bad value fails before any weight changes, with a message naming the argument.
 * Immutable; build one with {@link #builder()}. Cost: building copies the initial weights (O(d)),
 * nothing else; {@link Kernels#preferred()} is resolved once per JVM.
 *
 * <p>Defaults: logistic loss, batchSize 32, 10 epochs, {@link Kernels#preferred()}, seed 1,
 * intercept fitted, shuffled every epoch, constant learning rate 0.1, momentum 0, l2 0, no
 * standardization, zero initial weights, the whole-set pass on, no per-step losses.
 */
public final class TrainOptions {
  private final Loss loss;
  private final int batchSize;
  private final int epochs;
  private final Kernels kernels;
  private final long seed;
  private final boolean fitIntercept;
  private final boolean shuffle;
  private final LearningRateSchedule schedule;
  private final float momentum;
  private final float l2;
  private final boolean standardize;
  private final float[] initialWeights;
  private final float initialBias;
  private final boolean evaluateEachEpoch;
  private final boolean recordStepLoss;
  private final TrainingListener listener;

  private TrainOptions(Builder b) {
    this.loss = b.loss;
    this.batchSize = b.batchSize;
    this.epochs = b.epochs;
    this.kernels = b.kernels != null ? b.kernels : Kernels.preferred();
    this.seed = b.seed;
    this.fitIntercept = b.fitIntercept;
    this.shuffle = b.shuffle;
    this.schedule = b.schedule;
    this.momentum = b.momentum;
    this.l2 = b.l2;
    this.standardize = b.standardize;
    this.initialWeights = b.initialWeights == null ? null : b.initialWeights.clone();
    this.initialBias = b.initialBias;
    this.evaluateEachEpoch = b.evaluateEachEpoch;
    this.recordStepLoss = b.recordStepLoss;
    this.listener = b.listener;
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The loss. */
  public Loss loss() {
    return loss;
  }

  /** m, the mini-batch size requested (a value above N trains full-batch). */
  public int batchSize() {
    return batchSize;
  }

  /** Number of epochs. */
  public int epochs() {
    return epochs;
  }

  /** The kernels every step runs on. */
  public Kernels kernels() {
    return kernels;
  }

  /** Seed of the shuffling RNG. */
  public long seed() {
    return seed;
  }

  /** Whether the bias is trained (otherwise it stays at its initial value, 0 by default). */
  public boolean fitIntercept() {
    return fitIntercept;
  }

  /** Whether rows are reshuffled every epoch (otherwise file order). */
  public boolean shuffle() {
    return shuffle;
  }

  /** The learning-rate schedule. */
  public LearningRateSchedule schedule() {
    return schedule;
  }

  /** β of heavy-ball momentum, in [0, 1). */
  public float momentum() {
    return momentum;
  }

  /** λ, the coefficient of (λ/2)‖w‖². */
  public float l2() {
    return l2;
  }

  /** Whether features are standardized (fitted on the training set, kept with the model). */
  public boolean standardize() {
    return standardize;
  }

  /** A copy of the initial weights, or null for zeros. */
  public float[] initialWeights() {
    return initialWeights == null ? null : initialWeights.clone();
  }

  /** The initial bias. */
  public float initialBias() {
    return initialBias;
  }

  /** Whether each epoch ends with a pass over the whole training set for loss and accuracy. */
  public boolean evaluateEachEpoch() {
    return evaluateEachEpoch;
  }

  /** Whether each step's batch loss (and its time) is recorded. */
  public boolean recordStepLoss() {
    return recordStepLoss;
  }

  /** The progress listener. */
  public TrainingListener listener() {
    return listener;
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.loss = loss;
    b.batchSize = batchSize;
    b.epochs = epochs;
    b.kernels = kernels;
    b.seed = seed;
    b.fitIntercept = fitIntercept;
    b.shuffle = shuffle;
    b.schedule = schedule;
    b.momentum = momentum;
    b.l2 = l2;
    b.standardize = standardize;
    b.initialWeights = initialWeights;
    b.initialBias = initialBias;
    b.evaluateEachEpoch = evaluateEachEpoch;
    b.recordStepLoss = recordStepLoss;
    b.listener = listener;
    return b;
  }

  @Override
  public String toString() {
    return "loss=" + loss + ", batchSize=" + batchSize + ", epochs=" + epochs + ", kernels=" + kernels.name()
        + ", schedule=" + schedule.describe() + ", momentum=" + momentum + ", l2=" + l2 + ", intercept="
        + fitIntercept + ", shuffle=" + shuffle + (shuffle ? " (seed " + seed + ")" : "")
        + ", standardize=" + standardize;
  }

  /** Mutable builder; each setter checks its own argument, {@link #build()} checks the rest. */
  public static final class Builder {
    private Loss loss = Loss.LOGISTIC;
    private int batchSize = 32;
    private int epochs = 10;
    private Kernels kernels;
    private long seed = 1;
    private boolean fitIntercept = true;
    private boolean shuffle = true;
    private LearningRateSchedule schedule = LearningRateSchedule.constant(0.1);
    private float momentum;
    private float l2;
    private boolean standardize;
    private float[] initialWeights;
    private float initialBias;
    private boolean evaluateEachEpoch = true;
    private boolean recordStepLoss;
    private TrainingListener listener = new TrainingListener() {};

    private Builder() {}

    /** The loss. */
    public Builder loss(Loss loss) {
      this.loss = Objects.requireNonNull(loss, "loss must not be null");
      return this;
    }

    /** m ≥ 1; above N, training is full-batch (with a warning). */
    public Builder batchSize(int batchSize) {
      if (batchSize <= 0) {
        throw new IllegalArgumentException("batchSize must be > 0, was " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** Epochs ≥ 1. */
    public Builder epochs(int epochs) {
      if (epochs <= 0) {
        throw new IllegalArgumentException("epochs must be > 0, was " + epochs);
      }
      this.epochs = epochs;
      return this;
    }

    /** The kernels (default {@link Kernels#preferred()}). */
    public Builder kernels(Kernels kernels) {
      this.kernels = Objects.requireNonNull(kernels, "kernels must not be null");
      return this;
    }

    /** Seed of the shuffling RNG. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Whether to fit the bias (default true). */
    public Builder fitIntercept(boolean fitIntercept) {
      this.fitIntercept = fitIntercept;
      return this;
    }

    /** Reshuffle every epoch (default) or keep file order. */
    public Builder shuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    /** Shorthand for a constant schedule. */
    public Builder learningRate(double learningRate) {
      this.schedule = LearningRateSchedule.constant(learningRate);
      return this;
    }

    /** The learning-rate schedule. */
    public Builder schedule(LearningRateSchedule schedule) {
      this.schedule = Objects.requireNonNull(schedule, "schedule must not be null");
      return this;
    }

    /** β in [0, 1); 0 means plain SGD. */
    public Builder momentum(double momentum) {
      if (!(momentum >= 0 && momentum < 1) || (float) momentum >= 1f) {
        throw new IllegalArgumentException("momentum must lie in [0, 1), was " + momentum);
      }
      this.momentum = (float) momentum;
      return this;
    }

    /** λ ≥ 0, the coefficient of (λ/2)‖w‖²; the intercept is not penalized. */
    public Builder l2(double l2) {
      if (!(l2 >= 0) || Float.isInfinite((float) l2)) {
        throw new IllegalArgumentException("l2 must be finite and >= 0, was " + l2);
      }
      this.l2 = (float) l2;
      return this;
    }

    /** Standardize features to mean 0 and population std 1, fitted on the training set. */
    public Builder standardize(boolean standardize) {
      this.standardize = standardize;
      return this;
    }

    /** Initial weights (in the standardized space when standardizing); null means zeros. */
    public Builder initialWeights(float[] weights, float bias) {
      if (weights != null) {
        for (int j = 0; j < weights.length; j++) {
          if (!Float.isFinite(weights[j])) {
            throw new IllegalArgumentException("initialWeights[" + j + "] must be finite, was " + weights[j]);
          }
        }
      }
      if (!Float.isFinite(bias)) {
        throw new IllegalArgumentException("initial bias must be finite, was " + bias);
      }
      this.initialWeights = weights == null ? null : weights.clone();
      this.initialBias = bias;
      return this;
    }

    /** Whether to end each epoch with a whole-set pass for loss, objective and accuracy (default true). */
    public Builder evaluateEachEpoch(boolean evaluate) {
      this.evaluateEachEpoch = evaluate;
      return this;
    }

    /** Whether to record every step's batch loss and time (default false; costs the loss terms). */
    public Builder recordStepLoss(boolean record) {
      this.recordStepLoss = record;
      return this;
    }

    /** Progress listener. */
    public Builder listener(TrainingListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener must not be null");
      return this;
    }

    /** The options. */
    public TrainOptions build() {
      return new TrainOptions(this);
    }
  }
}
