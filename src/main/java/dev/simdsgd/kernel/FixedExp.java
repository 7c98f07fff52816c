package dev.simdsgd.kernel;

/**
 * e^x in double precision from plain IEEE operations only (no intrinsic, no FMA), so that it
 * returns the same bits in the interpreter, C1 and C2. Accurate to about 1e-13 relative, far more
 * than the float results built on it need.
 *
 * <p>Method: x = k·ln2 + r with |r| ≤ ln2/2 (Cody–Waite split of ln2), e^r by a degree-11 Taylor
 * polynomial in Estrin form, then scaling by 2^k through the exponent bits.
 */
final class FixedExp {
  static final double LOG2_E = 1.4426950408889634;
  // ln2 split so that k·LN2_HI is exact for |k| < 2^20.
  static final double LN2_HI = 6.93147180369123816490e-01;
  static final double LN2_LO = 1.90821492927058770002e-10;
  // The Taylor coefficients 1/i!, i = 2..11 (shared with the batch kernels' 4-lane σ, which
  // must do exactly this arithmetic).
  static final double C2 = 1.0 / 2;
  static final double C3 = 1.0 / 6;
  static final double C4 = 1.0 / 24;
  static final double C5 = 1.0 / 120;
  static final double C6 = 1.0 / 720;
  static final double C7 = 1.0 / 5040;
  static final double C8 = 1.0 / 40320;
  static final double C9 = 1.0 / 362880;
  static final double C10 = 1.0 / 3628800;
  static final double C11 = 1.0 / 39916800;
  private static final double MAX_ARG = 709.782712893384;
  private static final double MIN_ARG = -745.1332191019412;

  private FixedExp() {}

  static double exp(double x) {
    if (x != x) {
      return x;
    }
    if (x > MAX_ARG) {
      return Double.POSITIVE_INFINITY;
    }
    if (x < MIN_ARG) {
      return 0.0;
    }
    double k = Math.rint(x * LOG2_E);
    double r = (x - k * LN2_HI) - k * LN2_LO;
    double r2 = r * r;
    double r4 = r2 * r2;
    double r8 = r4 * r4;
    // Σ r^i / i!, i = 0..11, grouped as Estrin's scheme (shorter dependency chain than Horner).
    double p01 = 1.0 + r;
    double p23 = C2 + r * C3;
    double p45 = C4 + r * C5;
    double p67 = C6 + r * C7;
    double p89 = C8 + r * C9;
    double pab = C10 + r * C11;
    double p03 = p01 + r2 * p23;
    double p47 = p45 + r2 * p67;
    double p8b = p89 + r2 * pab;
    double p = p03 + r4 * p47 + r8 * p8b;
    int ki = (int) k;
    if (ki >= -1022 && ki <= 1023) {
      return p * Double.longBitsToDouble((long) (ki + 1023) << 52);
    }
    return Math.scalb(p, ki);
  }
}
