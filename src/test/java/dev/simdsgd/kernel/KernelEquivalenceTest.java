package dev.simdsgd.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every implementation (scalar and every native width) against the accurate {@link Oracle}, with a
 * rounding-error bound derived per case, over exhaustive short lengths and offsets and then
 * {@code equivalence.cases} random cases (one million by default) spread over the kernels.
 *
 * <p>Every case draws its inputs from its own seed; a failure prints it, and
 * {@code -Dequivalence.seed=S} reruns the whole sequence. Each case also checks that nothing
 * outside the output range was written.
 */
class KernelEquivalenceTest {
  private static final long SEED = Long.getLong("equivalence.seed", 0x5eed_2026L);
  private static final int CASES = Integer.getInteger("equivalence.cases", 1_000_000);
  private static final List<Kernels> IMPLS = Kernels.available();
  /** Lengths up to here are tested exhaustively: four 512-bit unrolled blocks and a ragged tail. */
  private static final int EXHAUSTIVE_LENGTH = 4 * 4 * 16 + 17;
  private static final AtomicLong RANDOM_CASES = new AtomicLong();

  private enum Op {
    DOT, AXPY, LOGISTIC_EXAMPLE, SQUARED_EXAMPLE, LOGISTIC_BATCH, SQUARED_BATCH, UPDATE, LOGISTIC_STEP, SQUARED_STEP
  }

  @AfterAll
  static void report() {
    System.out.println("KernelEquivalenceTest: " + RANDOM_CASES.get() + " random cases × " + IMPLS.size()
        + " implementations " + IMPLS + ", seed " + SEED);
  }

  @Test
  void everyNativeWidthTakesPart() {
    int nativeBits = KernelsProvider.nativeBits();
    assertTrue(nativeBits >= 128, "the tests must run with the Vector API (--add-modules jdk.incubator.vector)");
    int widths = Integer.numberOfTrailingZeros(nativeBits) - 6; // 128 -> 1, 256 -> 2, 512 -> 3
    assertEquals(1 + widths, IMPLS.size(), "available() = " + IMPLS);
  }

  @Test
  void dotAndAxpyEveryShortLengthAndOffset() {
    for (int n = 0; n <= EXHAUSTIVE_LENGTH; n++) {
      for (int off = 0; off < 4; off++) {
        long seed = SEED + 31L * n + off;
        checkDot(new SplittableRandom(seed), n, off, 3 - off, seed);
        checkAxpy(new SplittableRandom(seed), n, off, 3 - off, seed);
      }
    }
  }

  /** Lengths around and past the kernels' internal block size (8192), where long loops are split. */
  @Test
  void longVectorsSpanSeveralBlocks() {
    for (int n : new int[] {8191, 8192, 8193, 16384 + 65, 100_003, 1 << 20}) {
      long seed = SEED * 13 + n;
      checkDot(new SplittableRandom(seed), n, 1, 2, seed);
      checkAxpy(new SplittableRandom(seed), n, 3, 0, seed);
      checkUpdate(new SplittableRandom(seed), n, seed);
      checkExample(new SplittableRandom(seed), true, n, seed);
      checkExample(new SplittableRandom(seed), false, n, seed);
      checkStep(new SplittableRandom(seed), true, n, seed);
      checkStep(new SplittableRandom(seed), false, n, seed);
    }
  }

  @Test
  void gradientsAndUpdateEveryShortDimension() {
    for (int d = 1; d <= EXHAUSTIVE_LENGTH; d++) {
      long seed = SEED * 7 + d;
      checkExample(new SplittableRandom(seed), true, d, seed);
      checkExample(new SplittableRandom(seed), false, d, seed);
      checkUpdate(new SplittableRandom(seed), d, seed);
      checkStep(new SplittableRandom(seed), true, d, seed);
      checkStep(new SplittableRandom(seed), false, d, seed);
      for (int m = 1; m <= 9; m++) {
        checkBatch(new SplittableRandom(seed + m), true, d, m, seed + m);
        checkBatch(new SplittableRandom(seed + m), false, d, m, seed + m);
      }
    }
  }

  /**
   * Batches long enough to cross the vector kernels' read-ahead chunks (32 KiB of rows, used up
   * to d = 256): chunk edges inside, on and just past an 8-row block, and d on both sides of 256.
   */
  @Test
  void batchesCrossReadAheadChunks() {
    for (int d : new int[] {1, 16, 100, 255, 256, 257}) {
      int chunkRows = ReadAhead.chunkRows(d);
      for (int m : new int[] {8, chunkRows - 1, chunkRows, chunkRows + 1, chunkRows + 5, 2 * chunkRows + 3, 700}) {
        long seed = SEED * 17 + 1000L * d + m;
        checkBatch(new SplittableRandom(seed), true, d, m, seed);
        checkBatch(new SplittableRandom(seed + 1), false, d, m, seed + 1);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "DOT", "AXPY", "LOGISTIC_EXAMPLE", "SQUARED_EXAMPLE", "LOGISTIC_BATCH", "SQUARED_BATCH", "UPDATE",
      "LOGISTIC_STEP", "SQUARED_STEP"})
  void randomCases(String opName) {
    Op op = Op.valueOf(opName);
    int cases = CASES / Op.values().length;
    for (int i = 0; i < cases; i++) {
      long seed = SEED ^ (0x9E3779B97F4A7C15L * (op.ordinal() * 100_000_000L + i + 1));
      runCase(op, seed);
    }
    RANDOM_CASES.addAndGet(cases);
  }

  /** Replays one case from the seed a failure printed. */
  static void runCase(Op op, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    switch (op) {
      case DOT -> checkDot(r, length(r), r.nextInt(8), r.nextInt(8), seed);
      case AXPY -> checkAxpy(r, length(r), r.nextInt(8), r.nextInt(8), seed);
      case LOGISTIC_EXAMPLE -> checkExample(r, true, 1 + length(r), seed);
      case SQUARED_EXAMPLE -> checkExample(r, false, 1 + length(r), seed);
      case LOGISTIC_BATCH -> checkBatch(r, true, 1 + batchDim(r), 1 + r.nextInt(70), seed);
      case SQUARED_BATCH -> checkBatch(r, false, 1 + batchDim(r), 1 + r.nextInt(70), seed);
      case UPDATE -> checkUpdate(r, length(r), seed);
      case LOGISTIC_STEP -> checkStep(r, true, 1 + length(r), seed);
      case SQUARED_STEP -> checkStep(r, false, 1 + length(r), seed);
    }
  }

  // ---------------------------------------------------------------- case generators

  /** Mostly short lengths (where tails and unrolling bite), sometimes up to 4096. */
  private static int length(SplittableRandom r) {
    return r.nextInt(4) == 0 ? r.nextInt(4097) : r.nextInt(EXHAUSTIVE_LENGTH + 1);
  }

  private static int batchDim(SplittableRandom r) {
    return r.nextInt(8) == 0 ? r.nextInt(1100) : r.nextInt(130);
  }

  /** Random finite floats from one of several distributions chosen per array. */
  private static float[] values(SplittableRandom r, int length) {
    float[] a = new float[length];
    int distribution = r.nextInt(5);
    for (int i = 0; i < length; i++) {
      a[i] = switch (distribution) {
        case 0 -> (float) gaussian(r);
        case 1 -> (float) (2 * r.nextDouble() - 1);
        case 2 -> (float) ((r.nextBoolean() ? 1 : -1) * Math.scalb(1 + r.nextDouble(), r.nextInt(-40, 41)));
        case 3 -> (float) r.nextDouble();
        default -> r.nextInt(-8, 9);
      };
    }
    return a;
  }

  private static double gaussian(SplittableRandom r) {
    // Box–Muller; SplittableRandom has no nextGaussian before JDK 17's RandomGenerator default.
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  private static float label(SplittableRandom r, boolean logistic) {
    if (logistic) {
      return r.nextInt(3) == 0 ? (float) r.nextDouble() : r.nextInt(2);
    }
    return (float) (3 * gaussian(r));
  }

  // ---------------------------------------------------------------- checks

  private static void checkDot(SplittableRandom r, int n, int aOff, int bOff, long seed) {
    float[] a = values(r, aOff + n + r.nextInt(3));
    float[] b = values(r, bOff + n + r.nextInt(3));
    double exact = Oracle.dot(a, aOff, b, bOff, n);
    double bound = Oracle.dotBound(n, Oracle.absDot(a, aOff, b, bOff, n));
    for (Kernels k : IMPLS) {
      float got = k.dot(a, aOff, b, bOff, n);
      within(got, exact, bound, k, "dot n=" + n, seed);
    }
  }

  private static void checkAxpy(SplittableRandom r, int n, int xOff, int yOff, long seed) {
    float alpha = (float) gaussian(r);
    float[] x = values(r, xOff + n + 2);
    float[] y0 = values(r, yOff + n + 2);
    for (Kernels k : IMPLS) {
      float[] y = y0.clone();
      k.axpy(alpha, x, xOff, y, yOff, n);
      for (int i = 0; i < y.length; i++) {
        int j = i - yOff;
        if (j < 0 || j >= n) {
          sameBits(y0[i], y[i], k, "axpy wrote outside y[" + yOff + ", " + (yOff + n) + ") at " + i, seed);
          continue;
        }
        double product = (double) alpha * x[xOff + j];
        double exact = y0[i] + product;
        double bound = 2 * Oracle.U * (Math.abs(y0[i]) + Math.abs(product)) + 2 * Oracle.TINY;
        within(y[i], exact, bound, k, "axpy n=" + n + " element " + j, seed);
      }
    }
  }

  private static void checkExample(SplittableRandom r, boolean logistic, int d, long seed) {
    int xOff = r.nextInt(6);
    float[] x = values(r, xOff + d + 1);
    float[] w = values(r, d + r.nextInt(2));
    float[] g0 = values(r, d + 1);
    float bias = (float) gaussian(r);
    float y = label(r, logistic);
    double z = Oracle.dot(x, xOff, w, 0, d) + bias;
    double dz = Oracle.dotBound(d + 1, Oracle.absDot(x, xOff, w, 0, d) + Math.abs(bias));
    double rExact = logistic ? Oracle.sigmoid(z) - y : z - y;
    double dr = residualBound(logistic, z, y, dz);
    for (Kernels k : IMPLS) {
      float[] g = g0.clone();
      float got = logistic ? k.logisticGradient(x, xOff, d, y, w, bias, g) : k.squaredGradient(x, xOff, d, y, w, bias, g);
      String what = (logistic ? "logistic" : "squared") + "Gradient d=" + d;
      within(got, rExact, dr, k, what + " residual", seed);
      double rMax = Math.abs(rExact) + dr;
      for (int j = 0; j < d; j++) {
        double xj = x[xOff + j];
        double exact = g0[j] + rExact * xj;
        double bound = dr * Math.abs(xj) + 2 * Oracle.U * (Math.abs(g0[j]) + rMax * Math.abs(xj)) + 2 * Oracle.TINY;
        within(g[j], exact, bound, k, what + " g[" + j + "]", seed);
      }
      sameBits(g0[d], g[d], k, what + " wrote g[d]", seed);
    }
  }

  /** Bound on the computed residual given the bound dz on the computed z. */
  private static double residualBound(boolean logistic, double z, double y, double dz) {
    if (logistic) {
      // σ is 1/4-Lipschitz; σ is rounded to float once, and σ − y once more (both ≤ 1 in size).
      return 0.25 * dz + 2 * Oracle.U + Oracle.TINY;
    }
    // z is rounded once more when the bias is added (inside dz), then z − y once.
    return dz + Oracle.U * (Math.abs(z) + dz + Math.abs(y)) + Oracle.TINY;
  }

  private static void checkBatch(SplittableRandom r, boolean logistic, int d, int m, long seed) {
    int datasetRows = 1 + r.nextInt(40);
    float[] X = values(r, datasetRows * d + r.nextInt(3));
    float[] labels = new float[datasetRows];
    for (int i = 0; i < datasetRows; i++) {
      labels[i] = label(r, logistic);
    }
    int from = r.nextInt(4);
    int[] rows = new int[from + m + r.nextInt(3)];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = r.nextInt(datasetRows);
    }
    float[] w = values(r, d);
    if (r.nextBoolean()) { // keep z in the interesting, unsaturated range half of the time
      for (int j = 0; j < d; j++) {
        w[j] /= (float) Math.sqrt(d) * 4;
      }
    }
    float bias = (float) gaussian(r);
    float[] g0 = values(r, d + 2);

    double[] gExact = new double[d];
    double[] gBound = new double[d];
    double residualSum = 0;
    double residualBoundSum = 0;
    double lossSum = 0;
    double lossBoundSum = 0;
    for (int k = from; k < from + m; k++) {
      int off = rows[k] * d;
      float y = labels[rows[k]];
      double z = Oracle.dot(X, off, w, 0, d) + bias;
      double dz = Oracle.dotBound(d + 1, Oracle.absDot(X, off, w, 0, d) + Math.abs(bias));
      double rk = logistic ? Oracle.sigmoid(z) - y : z - y;
      double dr = residualBound(logistic, z, y, dz);
      double rMax = Math.abs(rk) + dr;
      residualSum += rk;
      residualBoundSum += dr;
      for (int j = 0; j < d; j++) {
        double xj = Math.abs(X[off + j]);
        gExact[j] += rk * X[off + j] / m;
        // Error of this row's residual, plus the rounding of c = r/m and of the m-term sum.
        gBound[j] += (dr + Oracle.gamma(m + 3) * rMax) * xj / m;
      }
      if (logistic) {
        double loss = Oracle.logLoss(z, y);
        lossSum += loss;
        lossBoundSum += dz + 8 * Oracle.U * loss + 1e-12; // |dℓ/dz| = |σ − y| ≤ 1
      } else {
        lossSum += 0.5 * rk * rk;
        lossBoundSum += rMax * dr + 4 * Oracle.U * 0.5 * rMax * rMax;
      }
    }
    String what = (logistic ? "logistic" : "squared") + "BatchGradient d=" + d + " m=" + m;
    for (Kernels k : IMPLS) {
      float[] g = g0.clone();
      float[] stats = {Float.NaN, 42f};
      boolean withStats = r.nextBoolean();
      float bias0 = logistic
          ? (withStats ? k.logisticBatchGradient(X, d, rows, from, m, labels, w, bias, g, stats)
              : k.logisticBatchGradient(X, d, rows, from, m, labels, w, bias, g))
          : (withStats ? k.squaredBatchGradient(X, d, rows, from, m, labels, w, bias, g, stats)
              : k.squaredBatchGradient(X, d, rows, from, m, labels, w, bias, g));
      within(bias0, residualSum / m, residualBoundSum / m + 2 * Oracle.U * Math.abs(residualSum / m) + Oracle.TINY,
          k, what + " bias gradient", seed);
      for (int j = 0; j < d; j++) {
        within(g[j], gExact[j], gBound[j] + Oracle.U * Math.abs(gExact[j]) + (m + 2) * Oracle.TINY, k,
            what + " g[" + j + "]", seed);
      }
      sameBits(g0[d], g[d], k, what + " wrote g[d]", seed);
      sameBits(42f, stats[1], k, what + " wrote stats[1]", seed);
      if (withStats) {
        double meanLoss = lossSum / m;
        within(stats[0], meanLoss, lossBoundSum / m + 2 * Oracle.U * meanLoss + Oracle.TINY, k, what + " loss", seed);
      } else {
        assertTrue(Float.isNaN(stats[0]), "stats written by the overload without stats");
      }
    }
  }

  private static void checkUpdate(SplittableRandom r, int d, long seed) {
    float learningRate = (float) (0.001 + r.nextDouble());
    float momentum = r.nextBoolean() ? 0f : (float) (0.99 * r.nextDouble());
    float l2 = r.nextBoolean() ? 0f : (float) (0.1 * r.nextDouble());
    float[] g = values(r, d + 1);
    float[] v0 = values(r, d + 1);
    float[] w0 = values(r, d + 1);
    for (Kernels k : IMPLS) {
      float[] v = v0.clone();
      float[] w = w0.clone();
      k.momentumUpdate(learningRate, momentum, l2, g, v, w, d);
      for (int j = 0; j < d; j++) {
        double vExact = (double) momentum * v0[j] + ((double) g[j] + (double) l2 * w0[j]);
        double vBound = 3 * Oracle.U * (Math.abs((double) momentum * v0[j]) + Math.abs(g[j])
            + Math.abs((double) l2 * w0[j])) + 2 * Oracle.TINY;
        within(v[j], vExact, vBound, k, "momentumUpdate v[" + j + "] d=" + d, seed);
        double wExact = w0[j] - learningRate * vExact;
        double wBound = learningRate * vBound
            + 2 * Oracle.U * (Math.abs(w0[j]) + learningRate * (Math.abs(vExact) + vBound)) + 2 * Oracle.TINY;
        within(w[j], wExact, wBound, k, "momentumUpdate w[" + j + "] d=" + d, seed);
      }
      sameBits(v0[d], v[d], k, "momentumUpdate wrote v[d]", seed);
      sameBits(w0[d], w[d], k, "momentumUpdate wrote w[d]", seed);
    }
  }

  /**
   * The fused SGD step against the oracle (the residual's bound carried into v and w), and against
   * the two-call form it replaces (gradient into a zeroed g, then the momentum update) on the same
   * kernel: equal bits, or both zeros.
   */
  private static void checkStep(SplittableRandom r, boolean logistic, int d, long seed) {
    int xOff = r.nextInt(6);
    float[] x = values(r, xOff + d + 1);
    float[] w0 = values(r, d + 1);
    float[] v0 = values(r, d + 1);
    float bias = (float) gaussian(r);
    float y = label(r, logistic);
    float learningRate = (float) (0.001 + r.nextDouble());
    float momentum = r.nextBoolean() ? 0f : (float) (0.99 * r.nextDouble());
    float l2 = r.nextBoolean() ? 0f : (float) (0.1 * r.nextDouble());
    double z = Oracle.dot(x, xOff, w0, 0, d) + bias;
    double dz = Oracle.dotBound(d + 1, Oracle.absDot(x, xOff, w0, 0, d) + Math.abs(bias));
    double rExact = logistic ? Oracle.sigmoid(z) - y : z - y;
    double dr = residualBound(logistic, z, y, dz);
    double rMax = Math.abs(rExact) + dr;
    String what = (logistic ? "logistic" : "squared") + "SgdStep d=" + d;
    for (Kernels k : IMPLS) {
      float[] w = w0.clone();
      float[] v = v0.clone();
      float got = logistic
          ? k.logisticSgdStep(x, xOff, d, y, w, bias, v, learningRate, momentum, l2)
          : k.squaredSgdStep(x, xOff, d, y, w, bias, v, learningRate, momentum, l2);
      within(got, rExact, dr, k, what + " residual", seed);
      for (int j = 0; j < d; j++) {
        double xj = x[xOff + j];
        double vExact = (double) momentum * v0[j] + (rExact * xj + (double) l2 * w0[j]);
        double vBound = dr * Math.abs(xj)
            + 4 * Oracle.U * (Math.abs((double) momentum * v0[j]) + rMax * Math.abs(xj) + Math.abs((double) l2 * w0[j]))
            + 2 * Oracle.TINY;
        within(v[j], vExact, vBound, k, what + " v[" + j + "]", seed);
        double wExact = w0[j] - learningRate * vExact;
        double wBound = learningRate * vBound
            + 2 * Oracle.U * (Math.abs(w0[j]) + learningRate * (Math.abs(vExact) + vBound)) + 2 * Oracle.TINY;
        within(w[j], wExact, wBound, k, what + " w[" + j + "]", seed);
      }
      sameBits(v0[d], v[d], k, what + " wrote v[d]", seed);
      sameBits(w0[d], w[d], k, what + " wrote w[d]", seed);

      float[] g = new float[d];
      float[] wTwoCalls = w0.clone();
      float[] vTwoCalls = v0.clone();
      float rTwoCalls = logistic
          ? k.logisticGradient(x, xOff, d, y, wTwoCalls, bias, g)
          : k.squaredGradient(x, xOff, d, y, wTwoCalls, bias, g);
      k.momentumUpdate(learningRate, momentum, l2, g, vTwoCalls, wTwoCalls, d);
      sameBitsOrZeros(rTwoCalls, got, k, what + " residual vs the two-call form", seed);
      for (int j = 0; j < d; j++) {
        sameBitsOrZeros(vTwoCalls[j], v[j], k, what + " v[" + j + "] vs the two-call form", seed);
        sameBitsOrZeros(wTwoCalls[j], w[j], k, what + " w[" + j + "] vs the two-call form", seed);
      }
      checkPipelinedStep(r, k, logistic, x, xOff, d, y, w0, bias, v0, learningRate, momentum, l2, got, w, v, seed);
    }
  }

  /**
   * The step pipelined as a batch-1 trainer runs it: the residual from dot + bias, then
   * sgdUpdateThenDot with the next row, in the next row's own array or in x itself. Against the
   * fused step just run on the same kernel (its residual and new v, w as {@code r}, {@code w},
   * {@code v}) and the dot of the next row on that new w: the same bits, v[d] and w[d] untouched.
   */
  private static void checkPipelinedStep(
      SplittableRandom random, Kernels k, boolean logistic, float[] x, int xOff, int d, float y,
      float[] w0, float bias, float[] v0, float learningRate, float momentum, float l2,
      float rStep, float[] wStep, float[] vStep, long seed) {
    String what = (logistic ? "logistic" : "squared") + " sgdUpdateThenDot d=" + d;
    float z = k.dot(x, xOff, w0, 0, d) + bias;
    float r = logistic ? Logistic.residual(z, y) : z - y;
    sameBits(rStep, r, k, what + " residual from dot + bias vs the step's", seed);
    if (!Float.isFinite(r)) {
      return;
    }
    boolean inX = random.nextBoolean();
    float[] next = inX ? x : values(random, d + 5);
    int nextOff = inX ? random.nextInt(xOff + 1) : random.nextInt(6);
    float[] w = w0.clone();
    float[] v = v0.clone();
    float dotNext = k.sgdUpdateThenDot(r, x, xOff, d, w, v, learningRate, momentum, l2, next, nextOff);
    for (int j = 0; j <= d; j++) {
      sameBits(vStep[j], v[j], k, what + " v[" + j + "] vs the step", seed);
      sameBits(wStep[j], w[j], k, what + " w[" + j + "] vs the step", seed);
    }
    sameBits(k.dot(next, nextOff, wStep, 0, d), dotNext, k, what + " next row's dot", seed);
  }

  // ---------------------------------------------------------------- assertions

  private static void within(float got, double exact, double bound, Kernels k, String what, long seed) {
    if (Float.isInfinite(got) && Math.abs(exact) - bound > Float.MAX_VALUE && Math.signum(got) == Math.signum(exact)) {
      return; // the true result itself lies beyond the float range
    }
    double err = Math.abs(got - exact);
    if (!(err <= bound)) {
      fail(k.name() + " " + what + ": got " + got + ", exact " + exact + ", error " + err + " > bound " + bound
          + " (case seed " + seed + "L, replay with KernelEquivalenceTest.runCase)");
    }
  }

  private static void sameBits(float expected, float got, Kernels k, String what, long seed) {
    if (Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(got)) {
      fail(k.name() + " " + what + ": " + expected + " became " + got + " (case seed " + seed + "L)");
    }
  }

  private static void sameBitsOrZeros(float expected, float got, Kernels k, String what, long seed) {
    if (expected == 0f && got == 0f) {
      return; // +0 and −0: r·x rounded into a zeroed g is +0 where the fused step's product is −0
    }
    sameBits(expected, got, k, what, seed);
  }
}
