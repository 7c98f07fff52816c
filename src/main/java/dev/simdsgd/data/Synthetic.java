package dev.simdsgd.data;

import java.util.SplittableRandom;

/**
 * Seeded synthetic regression problems with known true parameters, so that a trainer can be
 * checked and benchmarked without a data file. The same seed gives the same problem on every JVM.
 *
 * <p>Features are independent standard normal. True weights are drawn N(0, 4/d) and the bias
 * N(0, 0.25), so the linear score w·x + b has a standard deviation near 2 whatever d is: the
 * logistic problem is neither separable nor pure noise. Cost: O(N·d) random draws and O(N·d)
 * memory.
 */
public final class Synthetic {
  private Synthetic() {}

  /** A generated dataset and the parameters that generated it. */
  public record Problem(Dataset data, float[] trueWeights, float trueBias) {}

  /**
   * Logistic model: yᵢ ~ Bernoulli(σ(w·xᵢ + b)), labels 0 or 1.
   *
   * @param rows N ≥ 1
   * @param features d ≥ 1
   * @param seed any long; the same seed gives the same problem
   */
  public static Problem logistic(int rows, int features, long seed) {
    checkSize(rows, features);
    SplittableRandom rng = new SplittableRandom(seed);
    float[] w = trueWeights(rng, features);
    float b = (float) (0.5 * rng.nextGaussian());
    float[] x = features(rng, rows, features);
    float[] y = new float[rows];
    for (int i = 0; i < rows; i++) {
      double z = b + dot(x, i * features, w);
      double p = 1.0 / (1.0 + Math.exp(-z));
      y[i] = rng.nextDouble() < p ? 1f : 0f;
    }
    return new Problem(new Dataset(x, y, features), w, b);
  }

  /**
   * Linear model with Gaussian noise: yᵢ = w·xᵢ + b + εᵢ, εᵢ ~ N(0, noiseStd²).
   *
   * @param noiseStd standard deviation of the noise, finite and ≥ 0
   */
  public static Problem linear(int rows, int features, double noiseStd, long seed) {
    checkSize(rows, features);
    if (!(noiseStd >= 0) || Double.isInfinite(noiseStd)) {
      throw new IllegalArgumentException("noiseStd must be finite and >= 0, was " + noiseStd);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    float[] w = trueWeights(rng, features);
    float b = (float) (0.5 * rng.nextGaussian());
    float[] x = features(rng, rows, features);
    float[] y = new float[rows];
    for (int i = 0; i < rows; i++) {
      y[i] = (float) (b + dot(x, i * features, w) + noiseStd * rng.nextGaussian());
    }
    return new Problem(new Dataset(x, y, features), w, b);
  }

  private static void checkSize(int rows, int features) {
    if (rows <= 0) {
      throw new IllegalArgumentException("rows must be > 0, was " + rows);
    }
    if (features <= 0) {
      throw new IllegalArgumentException("features must be > 0, was " + features);
    }
    if ((long) rows * features > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("rows x features = " + (long) rows * features
          + " values do not fit one float array");
    }
  }

  private static float[] trueWeights(SplittableRandom rng, int d) {
    float[] w = new float[d];
    double sd = 2.0 / Math.sqrt(d);
    for (int j = 0; j < d; j++) {
      w[j] = (float) (sd * rng.nextGaussian());
    }
    return w;
  }

  private static float[] features(SplittableRandom rng, int n, int d) {
    float[] x = new float[n * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    return x;
  }

  private static double dot(float[] x, int off, float[] w) {
    double s = 0;
    for (int j = 0; j < w.length; j++) {
      s += (double) x[off + j] * w[j];
    }
    return s;
  }
}
