package dev.simdsgd.peers;

/**
 * The SGD-epoch problem shared with the main suite: N = 200 000 rows, d = 128 (about 100 MB of
 * float32, larger than L3), labels from a known logistic model with bias −0.25, same seeds as the
 * main suite's SyntheticProblem. Also the common hyper-parameters of the epoch peers: plain
 * per-example SGD with a constant learning rate, no momentum, no L2. Measures nothing itself.
 */
public final class EpochProblem {
  /** Examples. */
  public static final int N = 200_000;
  /** Features. */
  public static final int D = 128;
  /**
   * Constant learning rate of every batch-1 trainer (ours, Smile, Tribuo); system property
   * {@code simdsgd.peers.lr} overrides it.
   */
  public static final float LR_PER_EXAMPLE = Float.parseFloat(System.getProperty("simdsgd.peers.lr", "0.001"));
  /**
   * Learning rate of our batch-64 trainer (mean gradient over 64 examples, so a larger step);
   * system property {@code simdsgd.peers.lr64} overrides it.
   */
  public static final float LR_BATCH64 = Float.parseFloat(System.getProperty("simdsgd.peers.lr64", "0.04"));
  /** The bias of the generating model. */
  public static final float TRUE_BIAS = -0.25f;

  /** Row-major features, N × D. */
  public final float[] x;
  /** 0/1 labels. */
  public final float[] labels;
  /** The generating model's weights (for the reference loss). */
  public final float[] trueW;

  /** Builds the problem (about a second). */
  public EpochProblem() {
    x = PeerData.features(N * D, 41);
    trueW = PeerData.weights(D, 42);
    labels = PeerData.logisticLabels(x, D, trueW, TRUE_BIAS, 43);
  }

  /** Mean log-loss over all N examples of P(y=1|x) = σ(w·x + b), in double precision. */
  public double logLoss(float[] w, double b) {
    double sum = 0;
    for (int i = 0; i < N; i++) {
      double z = b;
      int off = i * D;
      for (int j = 0; j < D; j++) {
        z += (double) x[off + j] * w[j];
      }
      sum += labels[i] > 0.5f ? softplus(-z) : softplus(z);
    }
    return sum / N;
  }

  /** log(1 + e^t), stable for any t. */
  static double softplus(double t) {
    return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
  }

  /** Log-loss of one example from a predicted P(y=1), clipped away from 0 and 1. */
  static double logLoss(double p1, float label) {
    double p = label > 0.5f ? p1 : 1 - p1;
    return -Math.log(Math.max(p, 1e-300));
  }
}
