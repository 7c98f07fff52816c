package dev.simdsgd.bench;

/**
 * The synthetic logistic-regression problem of the SGD step and epoch benchmarks: N = 200 000
 * rows, d = 128 features (about 100 MB), labels from a known logistic model. Seeded, so every
 * fork trains on the same data. Measures nothing itself.
 */
public final class SyntheticProblem {
  /** Number of examples. */
  public static final int N = 200_000;

  /** Feature dimension. */
  public static final int D = 128;

  /** SGD hyper-parameters shared by the step and epoch benchmarks. */
  public static final float LEARNING_RATE = 0.05f;

  /** Heavy-ball momentum coefficient. */
  public static final float MOMENTUM = 0.9f;

  /** L2 coefficient λ of (λ/2)‖w‖². */
  public static final float L2 = 1e-4f;

  /** Row-major features, N × D. */
  public final float[] x;

  /** 0/1 labels, one per row. */
  public final float[] labels;

  /** Builds the problem (a fraction of a second). */
  public SyntheticProblem() {
    x = Data.features(N * D, 41);
    float[] trueW = Data.weights(D, 42);
    labels = Data.logisticLabels(x, D, trueW, -0.25f, 43);
  }
}
