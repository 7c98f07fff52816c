package dev.simdsgd.kernel;

import org.apache.commons.math3.util.MathArrays;

/**
 * The independent, accurate reference the tests measure every implementation against: exact or
 * double-precision values (commons-math3's compensated {@code linearCombination} for dot products)
 * and the rounding-error bounds a float32 computation in any summation order must meet.
 *
 * <p>Bounds follow the standard model fl(a op b) = (a op b)(1 + δ), |δ| ≤ u = 2^-24: a sum of n
 * products in any order, with or without FMA, is off by at most γₙ·Σ|aᵢbᵢ| with γₙ = n·u/(1 − n·u)
 * (Higham, Accuracy and Stability of Numerical Algorithms, §3.1). Products that underflow lose
 * their relative accuracy, so each bound also allows n·2^-149 of absolute error.
 */
final class Oracle {
  static final double U = 0x1p-24;
  static final double TINY = 0x1p-149;

  private Oracle() {}

  static double gamma(int n) {
    double nu = (n + 1) * U; // one more rounding than products, for the final reduction steps
    return nu / (1 - nu);
  }

  /** Accurate Σ a[aOff+i]·b[bOff+i]. */
  static double dot(float[] a, int aOff, float[] b, int bOff, int n) {
    if (n == 0) {
      return 0.0;
    }
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = a[aOff + i];
      y[i] = b[bOff + i];
    }
    return n == 1 ? x[0] * y[0] : MathArrays.linearCombination(x, y);
  }

  /** Σ |a[aOff+i]·b[bOff+i]|, the condition scale of the dot product. */
  static double absDot(float[] a, int aOff, float[] b, int bOff, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += Math.abs((double) a[aOff + i] * b[bOff + i]);
    }
    return s;
  }

  /** Largest error a float dot of n terms with this condition scale may have. */
  static double dotBound(int n, double absDot) {
    return gamma(n) * absDot + (n + 1) * TINY;
  }

  /** σ(z) in double, stable. */
  static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }

  /** log(1 + e^x) in double, stable. */
  static double softplus(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  static double logLoss(double z, double y) {
    return y * softplus(-z) + (1 - y) * softplus(z);
  }
}
