package dev.simdsgd.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Extreme arguments through {@link Logistic} and through the gradient kernels at every width:
 * z = ±Float.MAX_VALUE, ±Inf and NaN, NaN already present in an input, and saturated residuals.
 *
 * <p>The documented results checked here: σ(+Inf) = 1, σ(−Inf) = 0 (and the same at ±MAX);
 * log-loss finite and ≥ 0 for every finite z, logLoss(+Inf, 1) = logLoss(−Inf, 0) = 0,
 * logLoss(+Inf, 0) = logLoss(−Inf, 1) = +Inf, soft labels at ±Inf give +Inf, NaN in gives NaN out;
 * no overflow inside σ, the log-loss or the logistic gradients ever produces a NaN; a NaN in x, w,
 * the bias, g or v reaches exactly the outputs that depend on it, as in the scalar reference; labels
 * of exactly 0 and 1 give a residual of exactly +0.0f once σ rounds to that label.
 *
 * <p>The kernel inputs are built so that the expected outputs are exact (x in quarters, hard or
 * half labels, m a power of two), so the gradient checks compare bits, not tolerances.
 */
class AdversarialNumericsTest {

  static final float MAX = Float.MAX_VALUE;
  static final float INF = Float.POSITIVE_INFINITY;

  /** z values of the issue. */
  static final float[] EXTREME_Z = {MAX, -MAX, INF, -INF, Float.NaN};

  static Stream<Kernels> widths() {
    return Kernels.available().stream();
  }

  /** Every float exponent, a few mantissas, both signs, plus the specials: about 3 000 values. */
  static float[] sweep() {
    List<Float> zs = new ArrayList<>();
    int[] mantissas = {0, 1, 0x2aaaaa, 0x400000, 0x7fffff};
    for (int exponent = 0; exponent <= 254; exponent++) {
      for (int mantissa : mantissas) {
        float f = Float.intBitsToFloat((exponent << 23) | mantissa);
        zs.add(f);
        zs.add(-f);
      }
    }
    for (float f : new float[] {MAX, -MAX, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 17f, 17.5f, 18f,
        88.7f, 89f, 103.9f, 104f, 104.1f, 110f, -17f, -88.7f, -103.9f, -104f, -104.1f, -110f}) {
      zs.add(f);
    }
    float[] out = new float[zs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = zs.get(i);
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Logistic: sigmoid, logLoss, residual

  @Test
  void sigmoidAtTheExtremes() {
    assertBits(1f, Logistic.sigmoid(INF), "σ(+Inf)");
    assertBits(0f, Logistic.sigmoid(-INF), "σ(−Inf)");
    assertBits(1f, Logistic.sigmoid(MAX), "σ(MAX)");
    assertBits(0f, Logistic.sigmoid(-MAX), "σ(−MAX)");
    assertBits(0.5f, Logistic.sigmoid(0f), "σ(0)");
    assertBits(0.5f, Logistic.sigmoid(-0f), "σ(−0)");
    assertBits(0.5f, Logistic.sigmoid(Float.MIN_VALUE), "σ(MIN_VALUE)");
    assertTrue(Float.isNaN(Logistic.sigmoid(Float.NaN)), "σ(NaN) must be NaN");
  }

  /**
   * σ over the sweep: in [0, 1], never NaN, monotone, and within one float ulp (plus the
   * smallest subnormal, for the underflowing tail) of 1/(1 + e^−z) computed in double with
   * Math.exp.
   */
  @Test
  void sigmoidIsAccurateAndNeverNaNForEveryFiniteOrInfiniteZ() {
    float[] zs = sweep();
    for (float z : zs) {
      float s = Logistic.sigmoid(z);
      assertFalse(Float.isNaN(s), "σ(" + z + ") is NaN");
      assertTrue(s >= 0f && s <= 1f, "σ(" + z + ") = " + s + " outside [0, 1]");
      double reference = z >= 0 ? 1 / (1 + Math.exp(-(double) z)) : Math.exp(z) / (1 + Math.exp(z));
      double tolerance = Math.ulp(s) + Float.MIN_VALUE;
      assertTrue(Math.abs(s - reference) <= tolerance,
          "σ(" + z + ") = " + s + ", reference " + reference + ", tolerance " + tolerance);
    }
    float[] sorted = zs.clone();
    Arrays.sort(sorted);
    for (int i = 1; i < sorted.length; i++) {
      assertTrue(Logistic.sigmoid(sorted[i - 1]) <= Logistic.sigmoid(sorted[i]),
          "σ not monotone between " + sorted[i - 1] + " and " + sorted[i]);
    }
  }

  @Test
  void logLossDocumentedValuesAtInfinityAndNaN() {
    assertBits(0f, Logistic.logLoss(INF, 1f), "logLoss(+Inf, 1)");
    assertBits(0f, Logistic.logLoss(-INF, 0f), "logLoss(−Inf, 0)");
    assertBits(INF, Logistic.logLoss(INF, 0f), "logLoss(+Inf, 0)");
    assertBits(INF, Logistic.logLoss(-INF, 1f), "logLoss(−Inf, 1)");
    for (float soft : new float[] {Float.MIN_VALUE, 0.25f, 0.5f, 0.999f}) {
      assertBits(INF, Logistic.logLoss(INF, soft), "logLoss(+Inf, " + soft + ")");
      assertBits(INF, Logistic.logLoss(-INF, soft), "logLoss(−Inf, " + soft + ")");
    }
    for (float label : new float[] {0f, 0.5f, 1f}) {
      assertTrue(Float.isNaN(Logistic.logLoss(Float.NaN, label)), "logLoss(NaN, " + label + ") must be NaN");
    }
    // At ±MAX the loss is the finite linear tail, not an overflow.
    assertBits(MAX, Logistic.logLoss(MAX, 0f), "logLoss(MAX, 0)");
    assertBits(MAX, Logistic.logLoss(-MAX, 1f), "logLoss(−MAX, 1)");
    assertBits(0f, Logistic.logLoss(MAX, 1f), "logLoss(MAX, 1)");
    assertBits(0f, Logistic.logLoss(-MAX, 0f), "logLoss(−MAX, 0)");
  }

  /**
   * For every finite z of the sweep and labels 0, a subnormal, ¼, ½, ¾ and 1: the loss is
   * finite, ≥ 0, and within 1e-6 relative (plus 1e-37 absolute) of
   * y·softplus(−z) + (1−y)·softplus(z) evaluated in double with Math.log1p / Math.exp.
   */
  @Test
  void logLossIsFiniteNonNegativeAndAccurateForEveryFiniteZ() {
    float[] labels = {0f, Float.MIN_VALUE, 0.25f, 0.5f, 0.75f, 1f};
    for (float z : sweep()) {
      if (!Float.isFinite(z)) {
        continue;
      }
      for (float y : labels) {
        float loss = Logistic.logLoss(z, y);
        assertTrue(Float.isFinite(loss), "logLoss(" + z + ", " + y + ") = " + loss + " is not finite");
        assertTrue(loss >= 0f, "logLoss(" + z + ", " + y + ") = " + loss + " is negative");
        double reference = y * softplus(-(double) z) + (1.0 - y) * softplus(z);
        assertTrue(Math.abs(loss - reference) <= 1e-6 * reference + 1e-37,
            "logLoss(" + z + ", " + y + ") = " + loss + ", reference " + reference);
      }
    }
  }

  private static double softplus(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  /**
   * Labels of exactly 0 and 1: wherever σ(z) rounds to the label, the residual is exactly +0.0f
   * (bits 0x00000000). The sweep must reach saturation on both sides, so this cannot pass vacuously.
   */
  @Test
  void saturatedResidualIsExactlyZeroForHardLabels() {
    int saturatedOne = 0;
    int saturatedZero = 0;
    for (float z : sweep()) {
      float s = Logistic.sigmoid(z);
      if (s == 1f) {
        saturatedOne++;
        assertBits(0f, Logistic.residual(z, 1f), "residual(" + z + ", 1) with σ = 1");
        assertBits(1f, Logistic.residual(z, 0f), "residual(" + z + ", 0) with σ = 1");
      }
      if (s == 0f) {
        saturatedZero++;
        assertBits(0f, Logistic.residual(z, 0f), "residual(" + z + ", 0) with σ = 0");
        assertBits(-1f, Logistic.residual(z, 1f), "residual(" + z + ", 1) with σ = 0");
      }
    }
    assertTrue(saturatedOne > 100 && saturatedZero > 100,
        "the sweep must reach saturation: " + saturatedOne + " z with σ = 1, " + saturatedZero + " with σ = 0");
    for (float z : new float[] {20f, 1e4f, MAX, INF}) {
      assertBits(0f, Logistic.residual(z, 1f), "residual(" + z + ", 1)");
    }
    for (float z : new float[] {-105f, -1e4f, -MAX, -INF}) {
      assertBits(0f, Logistic.residual(z, 0f), "residual(" + z + ", 0)");
    }
    assertTrue(Float.isNaN(Logistic.residual(Float.NaN, 0f)) && Float.isNaN(Logistic.residual(Float.NaN, 1f)),
        "residual(NaN, y) must be NaN");
  }

  // ---------------------------------------------------------------------------------------------
  // Extreme z through the gradient kernels, at every width

  /** d spans an unrolled block, a single vector step and a scalar tail at every width (L = 4, 8, 16). */
  static final int D = 75;

  /** A row with x[0] = 1 and quarters in [−1, 1] elsewhere (never 0 at index 1, 2, 3): r·x is exact. */
  static float[] row(int seed) {
    float[] x = new float[D];
    x[0] = 1f;
    for (int j = 1; j < D; j++) {
      int q = Math.floorMod(seed * 31 + j * 7, 9) - 4; // −4..4
      x[j] = q / 4f;
    }
    x[1] = 0.25f;
    x[2] = -0.5f;
    x[3] = 0f; // a zero entry: where Inf·0 would appear
    return x;
  }

  /** w = (z, 0, 0, ...) and bias 0, so that w·x + bias = z·x[0] + 0 = z exactly for x[0] = 1. */
  static float[] weightsFor(float z) {
    float[] w = new float[D];
    w[0] = z;
    return w;
  }

  @ParameterizedTest
  @MethodSource("widths")
  void logisticGradientAtExtremeZGivesTheDocumentedResult(Kernels k) {
    float[] x = row(1);
    for (float z : EXTREME_Z) {
      for (float label : new float[] {0f, 0.5f, 1f}) {
        // z = w·x + bias, made either by w = (z, 0, ...) with bias 0 or by w = 0 with bias = z.
        float[] g = new float[D];
        float r = k.logisticGradient(x, 0, D, label, weightsFor(z), 0f, g);
        checkExtremeExample(k.name() + " logisticGradient z=" + z + " (w) label=" + label, x, z, label, r, g);
        float[] g2 = new float[D];
        float r2 = k.logisticGradient(x, 0, D, label, new float[D], z, g2);
        checkExtremeExample(k.name() + " logisticGradient z=" + z + " (bias) label=" + label, x, z, label, r2, g2);
      }
    }
  }

  /** r = σ(z) − label with σ(±MAX) = σ(±Inf) = 1 or 0 exactly, g = 0 + r·x exactly; NaN z: all NaN. */
  private static void checkExtremeExample(String what, float[] x, float z, float label, float r, float[] g) {
    if (Float.isNaN(z)) {
      assertTrue(Float.isNaN(r), what + ": r must be NaN");
      assertAllNaN(g, what);
      return;
    }
    float expectedR = (z > 0 ? 1f : 0f) - label;
    assertBits(expectedR, r, what + ": r");
    for (int j = 0; j < D; j++) {
      assertBits(0f + expectedR * x[j], g[j], what + ": g[" + j + "]");
    }
  }


  /** z = +Inf reached by overflow of finite inputs (all terms positive: every order overflows). */
  @ParameterizedTest
  @MethodSource("widths")
  void logisticGradientWhenTheDotOverflowsHasNoNaN(Kernels k) {
    float[] x = new float[D];
    float[] w = new float[D];
    Arrays.fill(x, 1f);
    Arrays.fill(w, MAX / 4);
    for (float label : new float[] {0f, 0.5f, 1f}) {
      float[] g = new float[D];
      float r = k.logisticGradient(x, 0, D, label, w, 0f, g);
      assertBits(1f - label, r, k.name() + " overflowed z: r = σ(+Inf) − label");
      for (int j = 0; j < D; j++) {
        assertBits(1f - label, g[j], k.name() + " overflowed z: g[" + j + "]");
      }
      float[] stats = {Float.NaN};
      float[] X = new float[4 * D];
      Arrays.fill(X, 1f);
      float[] labels = {label, label, label, label};
      float bias = k.logisticBatchGradient(X, D, new int[] {0, 1, 2, 3}, 0, 4, labels, w, 0f, g, stats);
      assertBits(1f - label, bias, k.name() + " overflowed z: batch bias gradient");
      for (int j = 0; j < D; j++) {
        assertBits(1f - label, g[j], k.name() + " overflowed z: batch g[" + j + "]");
      }
      // The loss of z = +Inf is the documented limit: 0 for label 1, +Inf otherwise; never NaN.
      assertBits(label == 1f ? 0f : INF, stats[0], k.name() + " overflowed z: mean log-loss");
    }
  }

  /**
   * Mini-batches (m = 1, 2, 4: the per-row path; 8: one 8-row block) whose rows have
   * z = ±MAX or ±Inf, with hard and half labels: w = (1, 0, ...) and X[i][0] = zᵢ, the other
   * columns exact quarters, so rᵢ·xᵢⱼ/m is exact and g[1..d) can be compared bit for bit.
   */
  @ParameterizedTest
  @MethodSource("widths")
  void logisticBatchGradientAtExtremeZGivesTheDocumentedResult(Kernels k) {
    float[] zs = {MAX, -MAX, INF, -INF, MAX, -INF, INF, -MAX};
    float[] ys = {0f, 1f, 1f, 0f, 0.5f, 0.5f, 0f, 1f};
    float[] w = new float[D];
    w[0] = 1f;
    // Row i: x[0] = z_i (so z = z_i·1 + Σ 0 = z_i), other entries exact quarters. x[0] is then
    // ±MAX or ±Inf, so g[0] = (1/m)Σ r·z_i is not tested for exactness; columns 1.. are.
    float[] X = new float[zs.length * D];
    for (int i = 0; i < zs.length; i++) {
      float[] x = row(i + 2);
      x[0] = zs[i];
      System.arraycopy(x, 0, X, i * D, D);
    }
    for (int m : new int[] {1, 2, 4, 8}) {
      int[] rows = new int[m];
      for (int i = 0; i < m; i++) {
        rows[i] = i;
      }
      float[] g = new float[D];
      float[] stats = {Float.NaN};
      float biasGrad = k.logisticBatchGradient(X, D, rows, 0, m, ys, w, 0f, g, stats);
      String what = k.name() + " logisticBatchGradient m=" + m;
      double rSum = 0;
      double lossSum = 0;
      for (int i = 0; i < m; i++) {
        rSum += (zs[i] > 0 ? 1f : 0f) - ys[i];
        lossSum += Logistic.logLossDouble(zs[i], ys[i]);
      }
      assertBits((float) (rSum / m), biasGrad, what + ": bias gradient");
      assertBits((float) (lossSum / m), stats[0], what + ": mean log-loss");
      assertFalse(Float.isNaN(stats[0]), what + ": NaN loss");
      for (int j = 1; j < D; j++) {
        double sum = 0;
        for (int i = 0; i < m; i++) {
          sum += ((zs[i] > 0 ? 1f : 0f) - ys[i]) * (double) X[i * D + j];
        }
        assertBits((float) (sum / m), g[j], what + ": g[" + j + "]");
      }
      // Column 0 holds the ±MAX / ±Inf data itself: the mean (1/m)·Σ rᵢ·zᵢ, evaluated in double,
      // is NaN where some rᵢ = 0 meets zᵢ = ±Inf, ±Inf where the data is infinite, and exactly MAX
      // for m = 2 (MAX·1 + (−MAX)·(−1), halved). The vector kernels scale by 1/m before summing
      // and get it exactly. The scalar reference sums first and divides at the end, so it
      // overflows to +Inf for m = 2: a finite sum that overflows in one order only, outside the
      // equivalence claim, and the reason the scalar kernels are not checked on this column.
      if (k != Kernels.scalar()) {
        double sum0 = 0;
        for (int i = 0; i < m; i++) {
          sum0 += ((zs[i] > 0 ? 1f : 0f) - ys[i]) * (double) zs[i];
        }
        assertBits((float) (sum0 / m), g[0], what + ": g[0], the exact mean of rᵢ·(±MAX or ±Inf)");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("widths")
  void squaredGradientAtPlusMinusMaxIsFinite(Kernels k) {
    float[] x = row(3); // |x| ≤ 1, so r·x = (±MAX − y)·x stays finite
    for (float z : new float[] {MAX, -MAX}) {
      for (float target : new float[] {0f, 1f, -1f}) {
        float[] g = new float[D];
        float r = k.squaredGradient(x, 0, D, target, weightsFor(z), 0f, g);
        String what = k.name() + " squaredGradient z=" + z + " target=" + target;
        assertBits(z - target, r, what + ": r");
        for (int j = 0; j < D; j++) {
          assertBits(0f + r * x[j], g[j], what + ": g[" + j + "]");
        }
        float[] stats = {Float.NaN};
        float[] g1 = new float[D];
        float bias = k.squaredBatchGradient(x, D, new int[] {0}, 0, 1, new float[] {target}, weightsFor(z), 0f, g1, stats);
        assertBits(z - target, bias, what + ": batch bias gradient");
        assertBits(g[5], g1[5], what + ": batch g equals the per-example g for m = 1");
        assertBits((float) (0.5 * (double) r * r), stats[0], what + ": ½r² in double, rounded");
      }
    }
  }

  /**
   * Squared loss at z = ±Inf or NaN: r = ±Inf or NaN and g = r·x, which is NaN where x is 0
   * (IEEE Inf·0). No stability is claimed for the squared loss; this pins that every width gives
   * exactly the scalar reference's NaN/Inf pattern. See {@link #squaredGradientOverflowGivesNoNaN}.
   */
  @ParameterizedTest
  @MethodSource("widths")
  void squaredGradientAtInfiniteOrNaNZMatchesTheScalarReference(Kernels k) {
    float[] x = row(4);
    for (float z : new float[] {INF, -INF, Float.NaN}) {
      float[] gs = new float[D];
      float[] gv = new float[D];
      float rs = Kernels.scalar().squaredGradient(x, 0, D, 0.5f, weightsFor(z), 0f, gs);
      float rv = k.squaredGradient(x, 0, D, 0.5f, weightsFor(z), 0f, gv);
      assertBits(rs, rv, k.name() + " squaredGradient z=" + z + ": r");
      for (int j = 0; j < D; j++) {
        assertEquals(Float.floatToIntBits(gs[j]), Float.floatToIntBits(gv[j]),
            k.name() + " squaredGradient z=" + z + ": g[" + j + "] " + gv[j] + " vs scalar " + gs[j]);
      }
      // The IEEE pattern itself: NaN at the zero entry x[3] (Inf·0), ±Inf at x[1] = 0.25 unless z is NaN.
      assertTrue(Float.isNaN(gv[3]), k.name() + " z=" + z + ": g[3] = Inf·0 must be NaN");
      assertEquals(Float.isNaN(z), Float.isNaN(gv[1]), k.name() + " z=" + z + ": g[1] = " + gv[1]);
    }
  }

  /**
   * The documented squared-loss behaviour when w·x overflows from finite x and w: the residual
   * is +Inf (the trainer's divergence signal), g[j] is ±Inf where x[j] != 0 and NaN (Inf·0) where
   * x[j] == 0, at every width as in the scalar reference. The least-squares residual is not
   * bounded, so, unlike the logistic loss, there is nothing finite to saturate to.
   */
  @ParameterizedTest
  @MethodSource("widths")
  void squaredGradientOverflowGivesAnInfiniteResidual(Kernels k) {
    float[] x = new float[D];
    float[] w = new float[D];
    Arrays.fill(x, 1f);
    x[3] = 0f;
    Arrays.fill(w, MAX / 4);
    float[] g = new float[D];
    float r = k.squaredGradient(x, 0, D, 0f, w, 0f, g);
    assertEquals(Float.POSITIVE_INFINITY, r, k.name() + ": residual");
    for (int j = 0; j < D; j++) {
      if (j == 3) {
        assertTrue(Float.isNaN(g[j]), k.name() + ": g[3] = Inf·0");
      } else {
        assertEquals(Float.POSITIVE_INFINITY, g[j], k.name() + ": g[" + j + "]");
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // A NaN already in an input propagates exactly where the scalar reference puts it

  @ParameterizedTest
  @MethodSource("widths")
  void nanInAnInputPropagatesToExactlyTheDependentOutputs(Kernels k) {
    int m = 6;
    int n = 3 * m; // dataset rows; the batch uses rows 0..m-1 in reverse
    float[] X = new float[n * D];
    for (int i = 0; i < n; i++) {
      System.arraycopy(row(10 + i), 0, X, i * D, D);
    }
    float[] labels = new float[n];
    Arrays.fill(labels, 0.5f);
    int[] rows = {5, 4, 3, 2, 1, 0};
    float[] w = row(99);
    for (int j = 0; j < D; j++) {
      w[j] *= 0.125f;
    }

    // NaN in a row outside the batch: no NaN anywhere.
    float[] Xout = X.clone();
    Xout[(n - 1) * D + 7] = Float.NaN;
    for (boolean logistic : new boolean[] {true, false}) {
      float[] g = new float[D];
      float[] stats = new float[1];
      float b = logistic
          ? k.logisticBatchGradient(Xout, D, rows, 0, m, labels, w, 0.1f, g, stats)
          : k.squaredBatchGradient(Xout, D, rows, 0, m, labels, w, 0.1f, g, stats);
      assertFalse(Float.isNaN(b) || Float.isNaN(stats[0]), k.name() + ": NaN from a row outside the batch");
      assertNoNaN(g, k.name() + ": g with NaN only in a row outside the batch");
    }

    // NaN in a batch row (first and last block position), in w, or in the bias: every output NaN.
    List<Runnable> poisons = new ArrayList<>();
    for (int[] at : new int[][] {{5, 0}, {5, D - 1}, {0, 37}, {2, 70}}) {
      float[] Xn = X.clone();
      Xn[at[0] * D + at[1]] = Float.NaN;
      poisons.add(() -> assertBatchAllNaN(k, Xn, rows, m, labels, w, 0.1f, "NaN at X[" + at[0] + "][" + at[1] + "]"));
    }
    for (int j : new int[] {0, 16, D - 1}) {
      float[] wn = w.clone();
      wn[j] = Float.NaN;
      poisons.add(() -> assertBatchAllNaN(k, X, rows, m, labels, wn, 0.1f, "NaN at w[" + j + "]"));
    }
    poisons.add(() -> assertBatchAllNaN(k, X, rows, m, labels, w, Float.NaN, "NaN bias"));
    poisons.forEach(Runnable::run);

    // Per-example kernels: a NaN in x poisons r and all of g; a NaN already in g[j] stays only there.
    for (boolean logistic : new boolean[] {true, false}) {
      float[] x = row(5);
      x[40] = Float.NaN;
      float[] g = new float[D];
      float r = logistic ? k.logisticGradient(x, 0, D, 1f, w, 0f, g) : k.squaredGradient(x, 0, D, 1f, w, 0f, g);
      assertTrue(Float.isNaN(r), k.name() + ": r with NaN in x");
      assertAllNaN(g, k.name() + ": g with NaN in x");
      float[] g2 = new float[D];
      g2[9] = Float.NaN;
      float r2 = logistic
          ? k.logisticGradient(row(5), 0, D, 1f, w, 0f, g2)
          : k.squaredGradient(row(5), 0, D, 1f, w, 0f, g2);
      assertFalse(Float.isNaN(r2), k.name() + ": r must not see a NaN in g");
      for (int j = 0; j < D; j++) {
        assertEquals(j == 9, Float.isNaN(g2[j]), k.name() + ": NaN in g[9] only, at g[" + j + "]");
      }
    }

    // Element-wise kernels: NaN stays at its index.
    float[] x = row(6);
    x[21] = Float.NaN;
    float[] y = row(7);
    k.axpy(0.5f, x, 0, y, 0, D);
    for (int j = 0; j < D; j++) {
      assertEquals(j == 21, Float.isNaN(y[j]), k.name() + ": axpy NaN at y[" + j + "]");
    }
    assertTrue(Float.isNaN(k.dot(x, 0, y, 0, D)), k.name() + ": dot with a NaN");
    for (int which = 0; which < 3; which++) {
      float[] g = row(8);
      float[] v = row(9);
      float[] ww = row(10);
      (which == 0 ? g : which == 1 ? v : ww)[33] = Float.NaN;
      k.momentumUpdate(0.1f, 0.9f, 0.01f, g, v, ww, D);
      for (int j = 0; j < D; j++) {
        assertEquals(j == 33, Float.isNaN(v[j]), k.name() + ": momentumUpdate NaN in input " + which + ", v[" + j + "]");
        assertEquals(j == 33, Float.isNaN(ww[j]), k.name() + ": momentumUpdate NaN in input " + which + ", w[" + j + "]");
      }
    }
    // The update fused with the next row's dot: a NaN in x, v or w stays at its index in v and w and
    // makes the dot NaN; a NaN in the next row only makes the dot NaN.
    for (int which = 0; which < 4; which++) {
      float[] xs = row(11);
      float[] v = row(12);
      float[] ww = row(13);
      float[] next = row(14);
      (which == 0 ? xs : which == 1 ? v : which == 2 ? ww : next)[33] = Float.NaN;
      float dotNext = k.sgdUpdateThenDot(0.25f, xs, 0, D, ww, v, 0.1f, 0.9f, 0.01f, next, 0);
      assertTrue(Float.isNaN(dotNext), k.name() + ": sgdUpdateThenDot's dot with NaN in input " + which);
      for (int j = 0; j < D; j++) {
        boolean poisoned = which < 3 && j == 33;
        assertEquals(poisoned, Float.isNaN(v[j]), k.name() + ": sgdUpdateThenDot NaN in input " + which + ", v[" + j + "]");
        assertEquals(poisoned, Float.isNaN(ww[j]), k.name() + ": sgdUpdateThenDot NaN in input " + which + ", w[" + j + "]");
      }
    }
  }

  private static void assertBatchAllNaN(Kernels k, float[] X, int[] rows, int m, float[] labels, float[] w, float bias, String what) {
    for (boolean logistic : new boolean[] {true, false}) {
      float[] g = new float[D];
      float[] stats = new float[1];
      float b = logistic
          ? k.logisticBatchGradient(X, D, rows, 0, m, labels, w, bias, g, stats)
          : k.squaredBatchGradient(X, D, rows, 0, m, labels, w, bias, g, stats);
      String where = k.name() + (logistic ? " logistic" : " squared") + " batch, " + what;
      assertTrue(Float.isNaN(b), where + ": bias gradient must be NaN");
      assertTrue(Float.isNaN(stats[0]), where + ": mean loss must be NaN");
      assertAllNaN(g, where + ": g");
    }
  }

  // ---------------------------------------------------------------------------------------------

  static void assertBits(float expected, float actual, String what) {
    if (Float.floatToIntBits(expected) != Float.floatToIntBits(actual)) {
      fail(String.format("%s: expected %s (0x%08x), was %s (0x%08x)", what, expected,
          Float.floatToRawIntBits(expected), actual, Float.floatToRawIntBits(actual)));
    }
  }

  static void assertAllNaN(float[] a, String what) {
    for (int j = 0; j < a.length; j++) {
      assertTrue(Float.isNaN(a[j]), what + ": [" + j + "] = " + a[j] + ", expected NaN");
    }
  }

  static void assertNoNaN(float[] a, String what) {
    for (int j = 0; j < a.length; j++) {
      assertFalse(Float.isNaN(a[j]), what + ": [" + j + "] is NaN");
    }
  }
}
