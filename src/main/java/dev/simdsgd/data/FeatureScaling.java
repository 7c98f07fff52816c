package dev.simdsgd.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Per-feature standardization x' = (x − mean) / scale, fitted to mean 0 and population standard
 * deviation 1 (divisor N). A column with zero variance keeps scale 1, so it is only centred.
 *
 * <p>Fitting costs one O(N·d) pass in double precision (Welford's update, so large offsets do not
 * cancel); applying costs O(d) per row. Immutable; the arrays handed out are copies.
 */
public final class FeatureScaling {
  private final float[] mean;
  private final float[] scale;

  /**
   * @param mean per-feature mean to subtract
   * @param scale per-feature divisor, each finite and > 0
   */
  public FeatureScaling(float[] mean, float[] scale) {
    Objects.requireNonNull(mean, "mean must not be null");
    Objects.requireNonNull(scale, "scale must not be null");
    if (mean.length != scale.length || mean.length == 0) {
      throw new IllegalArgumentException("mean and scale must have the same length > 0, were "
          + mean.length + " and " + scale.length);
    }
    for (int j = 0; j < mean.length; j++) {
      if (!Float.isFinite(mean[j])) {
        throw new IllegalArgumentException("mean[" + j + "] must be finite, was " + mean[j]);
      }
      if (!(scale[j] > 0f) || !Float.isFinite(scale[j])) {
        throw new IllegalArgumentException("scale[" + j + "] must be finite and > 0, was " + scale[j]);
      }
    }
    this.mean = mean.clone();
    this.scale = scale.clone();
  }

  /** Fits the mean and population standard deviation of every feature column of {@code data}. */
  public static FeatureScaling fit(Dataset data) {
    int n = data.rows();
    int d = data.features();
    float[] x = data.x();
    double[] mu = new double[d];
    double[] m2 = new double[d];
    for (int i = 0; i < n; i++) {
      int off = i * d;
      for (int j = 0; j < d; j++) {
        double delta = x[off + j] - mu[j];
        mu[j] += delta / (i + 1);
        m2[j] += delta * (x[off + j] - mu[j]);
      }
    }
    float[] mean = new float[d];
    float[] scale = new float[d];
    for (int j = 0; j < d; j++) {
      mean[j] = (float) mu[j];
      double std = Math.sqrt(m2[j] / n);
      float s = (float) std;
      scale[j] = s > 0f && Float.isFinite(s) ? s : 1f;
    }
    return new FeatureScaling(mean, scale);
  }

  /** The number of features this scaling applies to. */
  public int features() {
    return mean.length;
  }

  /** A copy of the per-feature means. */
  public float[] mean() {
    return mean.clone();
  }

  /** A copy of the per-feature divisors. */
  public float[] scale() {
    return scale.clone();
  }

  /** A new dataset with every row standardized; labels and names are shared. Cost: O(N·d). */
  public Dataset apply(Dataset data) {
    checkFeatures(data.features());
    float[] src = data.x();
    float[] out = new float[src.length];
    int d = mean.length;
    for (int off = 0; off < src.length; off += d) {
      applyRow(src, off, out, off);
    }
    return new Dataset(out, data.labels(), d, data.featureNames());
  }

  /** Writes the standardized row {@code in[inOff..inOff+d)} to {@code out[outOff..)}. Cost: O(d), no allocation. */
  public void applyRow(float[] in, int inOff, float[] out, int outOff) {
    for (int j = 0; j < mean.length; j++) {
      out[outOff + j] = (in[inOff + j] - mean[j]) / scale[j];
    }
  }

  private void checkFeatures(int d) {
    if (d != mean.length) {
      throw new IllegalArgumentException("data has " + d + " features, the scaling was fitted to "
          + mean.length);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureScaling f && Arrays.equals(mean, f.mean) && Arrays.equals(scale, f.scale);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(scale);
  }
}
