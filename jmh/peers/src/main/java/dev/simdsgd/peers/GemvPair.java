package dev.simdsgd.peers;

import dev.ludovic.netlib.blas.BLAS;

/**
 * The mini-batch logistic gradient done the BLAS way, as a peer of the fused kernel: gather the
 * batch rows into a contiguous m×d block X_B (when they are not already contiguous), then
 * z = X_B·w (sgemv), r = σ(z + b) − y, g = X_Bᵀ·r / m (sgemv). X_B row-major m×d is the
 * column-major d×m matrix A with lda = d, so X_B·w is {@code sgemv("T", d, m, ...)} and X_Bᵀ·r is
 * {@code sgemv("N", d, m, ...)}. Holds its own scratch buffers; one instance per thread.
 */
public final class GemvPair {
  private final BLAS blas;
  private final float[] block;
  private final float[] z;

  /** Scratch for batches of up to {@code maxM} rows of dimension {@code d}. */
  public GemvPair(BLAS blas, int maxM, int d) {
    this.blas = blas;
    this.block = new float[maxM * d];
    this.z = new float[maxM];
  }

  /**
   * Same contract as {@code Kernels.logisticBatchGradient}: overwrites g[0..d) with
   * (1/m)·Σ rₖ·xₖ and returns (1/m)·Σ rₖ. With {@code gather} false the rows
   * {@code rows[from..from+m)} must be {@code from, from+1, ...} (already contiguous in X).
   */
  public float gradient(float[] X, int d, int[] rows, int from, int m, float[] labels, float[] w,
      float bias, float[] g, boolean gather) {
    float[] a = X;
    int aOff = rows[from] * d;
    if (gather) {
      for (int k = 0; k < m; k++) {
        System.arraycopy(X, rows[from + k] * d, block, k * d, d);
      }
      a = block;
      aOff = 0;
    }
    blas.sgemv("T", d, m, 1f, a, aOff, d, w, 0, 1, 0f, z, 0, 1);
    float sum = 0f;
    for (int k = 0; k < m; k++) {
      float r = sigmoid(z[k] + bias) - labels[rows[from + k]];
      z[k] = r;
      sum += r;
    }
    blas.sgemv("N", d, m, 1f / m, a, aOff, d, z, 0, 1, 0f, g, 0, 1);
    return sum / m;
  }

  /** Numerically stable logistic function in float. */
  static float sigmoid(float t) {
    if (t >= 0f) {
      return 1f / (1f + (float) Math.exp(-t));
    }
    float e = (float) Math.exp(t);
    return e / (1f + e);
  }
}
