package dev.simdsgd.kernel;

/**
 * The reference implementation: plain sequential loops in float, one element at a time, in the
 * textbook order. Every vector width is tested against it. Cost: the same loads and stores as
 * the vector kernels, one lane at a time (C2 may still auto-vectorize the simple loops).
 */
final class ScalarKernels extends AbstractKernels {
  static final ScalarKernels INSTANCE = new ScalarKernels();

  private ScalarKernels() {}

  @Override
  public int laneBits() {
    return Float.SIZE;
  }

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public boolean usesFma() {
    return false;
  }

  @Override
  float dotUnchecked(float[] a, int aOff, float[] b, int bOff, int n) {
    float sum = 0f;
    for (int i = 0; i < n; i++) {
      sum += a[aOff + i] * b[bOff + i];
    }
    return sum;
  }

  @Override
  void axpyUnchecked(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
    for (int i = 0; i < n; i++) {
      y[yOff + i] += alpha * x[xOff + i];
    }
  }

  @Override
  float exampleGradientUnchecked(int loss, float[] x, int xOff, int d, float label, float[] w, float bias, float[] g) {
    float z = dotUnchecked(x, xOff, w, 0, d) + bias;
    float r = residual(loss, z, label);
    axpyUnchecked(r, x, xOff, g, 0, d);
    return r;
  }

  @Override
  float batchGradientUnchecked(
      int loss, float[] X, int d, int[] rows, int from, int m, float[] labels, float[] w, float bias,
      float[] g, float[] stats) {
    java.util.Arrays.fill(g, 0, d, 0f);
    double residualSum = 0.0;
    double lossSum = 0.0;
    for (int k = from; k < from + m; k++) {
      int row = rows[k];
      int off = row * d;
      float z = dotUnchecked(X, off, w, 0, d) + bias;
      float label = labels[row];
      float r = residual(loss, z, label);
      residualSum += r;
      if (stats != null) {
        lossSum += exampleLoss(loss, z, label, r);
      }
      axpyUnchecked(r, X, off, g, 0, d);
    }
    for (int j = 0; j < d; j++) {
      g[j] /= m;
    }
    if (stats != null) {
      stats[0] = (float) (lossSum / m);
    }
    return (float) (residualSum / m);
  }

  @Override
  float exampleStepUnchecked(
      int loss, float[] x, int xOff, int d, float label, float[] w, float bias, float[] v,
      float learningRate, float momentum, float l2) {
    float z = dotUnchecked(x, xOff, w, 0, d) + bias;
    float r = residual(loss, z, label);
    if (!Float.isFinite(r)) {
      return r;
    }
    for (int j = 0; j < d; j++) {
      v[j] = momentum * v[j] + (r * x[xOff + j] + l2 * w[j]);
      w[j] -= learningRate * v[j];
    }
    return r;
  }

  @Override
  float updateThenDotUnchecked(
      float r, float[] x, int xOff, int d, float[] w, float[] v, float learningRate, float momentum,
      float l2, float[] next, int nextOff) {
    for (int j = 0; j < d; j++) {
      v[j] = momentum * v[j] + (r * x[xOff + j] + l2 * w[j]);
      w[j] -= learningRate * v[j];
    }
    return dotUnchecked(next, nextOff, w, 0, d);
  }

  @Override
  void momentumUpdateUnchecked(float learningRate, float momentum, float l2, float[] g, float[] v, float[] w, int d) {
    for (int j = 0; j < d; j++) {
      v[j] = momentum * v[j] + (g[j] + l2 * w[j]);
      w[j] -= learningRate * v[j];
    }
  }
}
