package dev.simdsgd.kernel;

/**
 * Numerically stable logistic function and log-loss in float32, identical on every execution
 * path (interpreter, C1, C2) because they use one exp made of plain IEEE double arithmetic.
 *
 * <p>Cost: a few tens of floating-point operations per call, no allocation. Stable for every z,
 * including ±{@link Float#MAX_VALUE} and ±infinity: no overflow produces infinity or NaN. A NaN
 * argument gives NaN.
 */
public final class Logistic {
  /** Beyond this |z|, exp(−|z|) is below half the smallest float subnormal: σ rounds to 0 or 1. */
  static final double SATURATION = 104.0;

  private Logistic() {}

  /** σ(z) = 1 / (1 + e^(−z)), rounded to float; exactly 0 or 1 once it saturates. */
  public static float sigmoid(float z) {
    if (z != z) {
      return z;
    }
    double a = Math.abs((double) z);
    double t = a > SATURATION ? 0.0 : FixedExp.exp(-a); // e^(−|z|), never overflows
    double s = z >= 0 ? 1.0 / (1.0 + t) : t / (1.0 + t);
    return (float) s;
  }

  /**
   * The logistic residual σ(z) − label, the derivative of the log-loss with respect to z. It is
   * exactly 0 when σ(z) rounds to the label 0 or 1.
   */
  public static float residual(float z, float label) {
    return sigmoid(z) - label;
  }

  /**
   * Log-loss −[y·log σ(z) + (1−y)·log(1 − σ(z))] for a label y in [0, 1], computed as
   * y·softplus(−z) + (1−y)·softplus(z) so that no term overflows. It is +∞ only when z is infinite
   * and the label's weight on the wrong side is non-zero (the true limit), and 0 for z = ±∞ with
   * the matching hard label.
   */
  public static float logLoss(float z, float label) {
    return (float) logLossDouble(z, label);
  }

  /** {@link #logLoss} before rounding to float, for accumulating batch means. */
  static double logLossDouble(float z, float label) {
    double loss = 0.0;
    if (label != 0f) {
      loss += label * softplus(-(double) z);
    }
    if (label != 1f) {
      loss += (1.0 - label) * softplus(z);
    }
    return loss;
  }

  /** log(1 + e^x), stable for every x. */
  static double softplus(double x) {
    if (x != x) {
      return x;
    }
    double a = Math.abs(x);
    double tail = a > SATURATION ? 0.0 : StrictMath.log1p(FixedExp.exp(-a));
    return Math.max(x, 0.0) + tail;
  }
}
