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
  private static final double LOG2_E = 1.4426950408889634;
  // ln2 split so that k·LN2_HI is exact for |k| < 2^20.
  private static final double LN2_HI = 6.93147180369123816490e-01;
  private static final double LN2_LO = 1.90821492927058770002e-10;
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
    double p23 = 1.0 / 2 + r * (1.0 / 6);
    double p45 = 1.0 / 24 + r * (1.0 / 120);
    double p67 = 1.0 / 720 + r * (1.0 / 5040);
    double p89 = 1.0 / 40320 + r * (1.0 / 362880);
    double pab = 1.0 / 3628800 + r * (1.0 / 39916800);
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
