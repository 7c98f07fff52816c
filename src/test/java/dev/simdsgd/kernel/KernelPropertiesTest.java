package dev.simdsgd.kernel;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Property-based equivalence of every vector width with the scalar reference, with jqwik
 * (random generation plus shrinking to a minimal failing case).
 *
 * <h2>What is generated</h2>
 * Each try draws a small case record: lengths (0..4096 for dot/axpy/momentum, 1..4096 for the
 * per-row kernels; 3 in 5 tries below 81 so that every tail and block shape of every width is
 * hit often), offsets 0..19, a batch size m of 1..40 with a start {@code from}, a value
 * {@link Dist distribution} and a {@code dataSeed}. The arrays are then filled from
 * {@code new SplittableRandom(dataSeed)}: a case record therefore reproduces its arrays exactly,
 * and jqwik shrinks the lengths, offsets, distribution and seed (not 40 000 individual floats,
 * which would make shrinking useless). Every try checks <em>all</em> entries of
 * {@link Kernels#available()}: each vector width against {@link Kernels#scalar()}, and for
 * {@code dot} also the scalar kernels themselves against an exact double-precision sum.
 *
 * <p>Array regions a kernel must not read (before the offset, past the length, past d in w,
 * dataset rows and labels not in the batch, rows[] entries outside [from, from+m)) hold NaN or
 * Integer.MAX_VALUE, so an out-of-range read shows up as a NaN or an exception. Regions a kernel
 * must not write (y outside its range, g/v/w past d, stats[1..]) are compared bit for bit after
 * the call. The batch kernels' g starts full of NaN, which must be overwritten, not accumulated.
 *
 * <h2>Seeds, tries, replay</h2>
 * Every property has a fixed {@code seed}, so each {@code ./mvnw verify} runs the same cases.
 * Tries per property: dot 3000, axpy 2000, logisticGradient 2000, squaredGradient 2000,
 * logisticBatchGradient 1000 and squaredBatchGradient 1000 (each try calls both overloads, with and
 * without stats), momentumUpdate 2000: 13 000 cases per run, each checked at every vector width
 * (39 000 width-cases on a 128/256/512-bit machine), in about 10-25 s on 2 shared cores.
 * {@link KernelPropertiesMutantTest} shows that these checks reject slightly broken kernels.
 *
 * <p>On failure jqwik prints the original and the shrunk sample (a case record with its dataSeed)
 * and {@code seed = ...}. To replay, keep the {@code seed} attribute of the failing property (or
 * set it to the printed one if you changed it) and run
 * {@code ./mvnw -q verify -Dtest=KernelPropertiesTest -Dsurefire.failIfNoSpecifiedTests=false};
 * to explore new cases, change the seed string (or remove it: jqwik then draws a random seed and
 * prints it on failure). A single shrunk case replays without jqwik too:
 * {@code KernelPropertiesTest.checkDot(new DotCase(...printed values...), Kernels.available())}.
 *
 * <h2>Error bounds</h2>
 * u = 2^-24 is float's unit roundoff and γ(k) = k·u / (1 − k·u). Any summation order of k
 * float products (sequential, 4 accumulators, lane tree, with or without FMA) has
 * |computed − exact| ≤ γ(k)·Σ|terms| (Higham, Accuracy and Stability, §3.1); the scalar and
 * vector results each obey it, so they differ by at most twice that. In the subnormal range the
 * relative model fails: each multiplication may add an absolute error of MIN_VALUE/2 (additions
 * are exact there), hence an absolute slack of (count of roundings)·MIN_VALUE. Each bound is
 * derived next to the check that uses it, from the scalar result, in double.
 *
 * <h2>Values outside the claim</h2>
 * A finite input whose sum overflows in one order and not in another is outside the equivalence
 * claim (FMA also keeps a product that overflows when rounded). The generators keep every
 * intermediate below about 1e37: HUGE data is ±1e30 paired with weights of at most ±1e3 (dot,
 * logistic), and ±1e12 for the squared loss, whose gradient multiplies x by r ≈ w·x. Infinities
 * and NaN come only from the SPECIALS distribution, as inputs; then NaN must appear at exactly
 * the scalar's positions and infinities must equal the scalar's bit for bit. The sign and payload
 * of a NaN are not compared: Java leaves them open and HotSpot's tiers really differ (see
 * {@link #sameBits}).
 */
class KernelPropertiesTest {

  /** Unit roundoff of float with round-to-nearest. */
  static final double U = 0x1p-24;

  /** Smallest subnormal float: the absolute error one underflowing multiplication may add. */
  static final double SUB = Float.MIN_VALUE;

  private static final Kernels SCALAR = Kernels.scalar();
  private static final List<Kernels> VECTORS =
      Kernels.available().stream().filter(k -> k != SCALAR).toList();

  /** γ(k) = k·u / (1 − k·u), the classic bound factor for k successive roundings. */
  static double gamma(int k) {
    return k * U / (1 - k * U);
  }

  // ---------------------------------------------------------------------------------------------
  // Value distributions

  /** Magnitudes used by HUGE / TINY for one role (data, weights, ...), chosen so sums cannot overflow. */
  enum Role {
    /** x, X, a, y, g, v: huge ±1e30, tiny ±1e-30. */
    DATA(1e30, 1e-30),
    /** w, b, alpha, bias: huge ±1e3 (so that Σ|x·w| ≤ 4096·1e33 stays far from overflow), tiny ±1e-9 (tiny·tiny products land in the subnormal range). */
    WEIGHT(1e3, 1e-9),
    /** X and targets of the squared loss: r·x ≈ (w·x)·x must stay finite, so huge is ±1e12. */
    SQUARED_DATA(1e12, 1e-30);

    final double huge;
    final double tiny;

    Role(double huge, double tiny) {
      this.huge = huge;
      this.tiny = tiny;
    }
  }

  /** The value distributions of the issue: each draws one float for a role. */
  enum Dist {
    NORMAL {
      @Override
      float sample(SplittableRandom r, Role role, double special) {
        return (float) r.nextGaussian();
      }
    },
    /** Uniform in [0, 1): all of one sign, no cancellation. */
    UNIFORM {
      @Override
      float sample(SplittableRandom r, Role role, double special) {
        return (float) r.nextDouble();
      }
    },
    /** Random signs and magnitudes log-uniform over 1e-3..1e3: heavy cancellation. */
    MIXED_SIGNS {
      @Override
      float sample(SplittableRandom r, Role role, double special) {
        double magnitude = Math.pow(10, r.nextDouble(-3, 3));
        return (float) (r.nextBoolean() ? magnitude : -magnitude);
      }
    },
    TINY {
      @Override
      float sample(SplittableRandom r, Role role, double special) {
        return (float) (signed(r) * role.tiny * r.nextDouble(0.5, 1.0));
      }
    },
    HUGE {
      @Override
      float sample(SplittableRandom r, Role role, double special) {
        return (float) (signed(r) * role.huge * r.nextDouble(0.5, 1.0));
      }
    },
    /** Data entirely subnormal (weights normal): products and sums in the denormal range. */
    SUBNORMAL {
      @Override
      float sample(SplittableRandom r, Role role, double special) {
        if (role == Role.WEIGHT) {
          return (float) r.nextGaussian();
        }
        float f = Float.intBitsToFloat(r.nextInt(1, 0x00800000));
        return r.nextBoolean() ? f : -f;
      }
    },
    /**
     * Normal values where, with a per-case probability {@code special} (0.002, 0.02 or 0.2),
     * an entry is one of 0, −0, ±MIN_VALUE, a random subnormal, MIN_NORMAL, ±Inf or NaN.
     */
    SPECIALS {
      @Override
      float sample(SplittableRandom r, Role role, double special) {
        if (r.nextDouble() >= special) {
          return (float) r.nextGaussian();
        }
        return switch (r.nextInt(10)) {
          case 0 -> 0f;
          case 1 -> -0f;
          case 2 -> Float.MIN_VALUE;
          case 3 -> -Float.MIN_VALUE;
          case 4 -> Float.intBitsToFloat(r.nextInt(1, 0x00800000));
          case 5 -> Float.MIN_NORMAL;
          case 6 -> Float.POSITIVE_INFINITY;
          case 7 -> Float.NEGATIVE_INFINITY;
          default -> Float.NaN;
        };
      }
    };

    abstract float sample(SplittableRandom r, Role role, double special);

    /** A fresh generator for one case and the probability of a special value in it. */
    static double specialRate(SplittableRandom r) {
      return new double[] {0.002, 0.02, 0.2}[r.nextInt(3)];
    }

    static double signed(SplittableRandom r) {
      return r.nextBoolean() ? 1.0 : -1.0;
    }
  }

  /** Draws the arrays of one case from its seed. */
  static final class Gen {
    final SplittableRandom r;
    final Dist dist;
    final double special;

    Gen(Dist dist, long seed) {
      this.r = new SplittableRandom(seed);
      this.dist = dist;
      this.special = Dist.specialRate(r);
    }

    float next(Role role) {
      return dist.sample(r, role, special);
    }

    /** An array of {@code length} entries, [from, from+n) drawn from the distribution, the rest {@code guard}. */
    float[] array(int length, int from, int n, Role role, float guard) {
      float[] a = new float[length];
      Arrays.fill(a, guard);
      for (int i = from; i < from + n; i++) {
        a[i] = next(role);
      }
      return a;
    }

    /** Logistic label: 0, 1 or soft in [0, 1], a third each. */
    float label() {
      return switch (r.nextInt(3)) {
        case 0 -> 0f;
        case 1 -> 1f;
        default -> (float) r.nextDouble();
      };
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Comparison

  /**
   * v (vector) against s (scalar): when either is NaN or infinite, the two must be the same class
   * bit for bit (any NaN equals any NaN, infinities must have the same sign); otherwise
   * |v − s| ≤ bound. A NaN bound fails, so a bound that cannot be computed is never a pass.
   */
  static void assertClose(String what, Kernels k, Object sample, float v, float s, double bound) {
    boolean special = !Float.isFinite(v) || !Float.isFinite(s);
    if (special) {
      if (Float.floatToIntBits(v) != Float.floatToIntBits(s)) {
        throw new AssertionError(String.format(
            "%s at %s: %s but the scalar reference gives %s (NaN/Inf must match exactly); case %s",
            what, k.name(), v, s, sample));
      }
      return;
    }
    double diff = Math.abs((double) v - (double) s);
    if (!(diff <= bound)) {
      throw new AssertionError(String.format(
          "%s at %s: %s (0x%08x) vs scalar %s (0x%08x): |diff| %.6g exceeds the derived bound %.6g; case %s",
          what, k.name(), v, Float.floatToRawIntBits(v), s, Float.floatToRawIntBits(s), diff, bound, sample));
    }
  }

  /**
   * One implementation's finite result r against the exact value (computed in double): a NaN
   * bound fails.
   */
  static void assertNearExact(String what, Kernels k, Object sample, float r, double exact, double bound) {
    double diff = Math.abs((double) r - exact);
    if (!(diff <= bound)) {
      throw new AssertionError(String.format(
          "%s at %s: %s (0x%08x) vs exact %s: |diff| %.6g exceeds the derived bound %.6g; case %s",
          what, k.name(), r, Float.floatToRawIntBits(r), exact, diff, bound, sample));
    }
  }

  /** Entries of {@code after} outside [from, to) must keep the bits they had in {@code before}. */
  static void assertUntouchedOutside(String what, Kernels k, Object sample, float[] before, float[] after, int from, int to) {
    for (int i = 0; i < before.length; i++) {
      if ((i < from || i >= to) && Float.floatToRawIntBits(before[i]) != Float.floatToRawIntBits(after[i])) {
        throw new AssertionError(String.format("%s at %s wrote %s[%d] outside its range [%d, %d); case %s",
            what, k.name(), what, i, from, to, sample));
      }
    }
  }

  static double abs(float f) {
    return Math.abs((double) f);
  }

  /** t·|x| where t = 0 contributes nothing even when x is infinite (the output is then checked by class). */
  static double times(double t, float x) {
    return t == 0 ? 0 : t * abs(x);
  }

  // ---------------------------------------------------------------------------------------------
  // Generators of case records

  /**
   * Lengths min..4096, uniform: three times in five below 81 (every tail and block shape of every
   * width), twice in five anywhere up to 4096. (jqwik's default integer distribution is biased
   * towards small values, hence the explicit uniform one.)
   */
  static Arbitrary<Integer> lengths(int min) {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.integers().between(min, 80).withDistribution(RandomDistribution.uniform())),
        Tuple.of(2, Arbitraries.integers().between(min, 4096).withDistribution(RandomDistribution.uniform())));
  }

  static Arbitrary<Integer> offsets() {
    return Arbitraries.integers().between(0, 19);
  }

  static Arbitrary<Dist> dists() {
    return Arbitraries.of(Dist.class);
  }

  static Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  // ---------------------------------------------------------------------------------------------
  // dot

  record DotCase(int n, int aOff, int bOff, Dist dist, long dataSeed) {}

  @Provide
  Arbitrary<DotCase> dotCases() {
    return Combinators.combine(lengths(0), offsets(), offsets(), dists(), seeds()).as(DotCase::new);
  }

  @Property(tries = 3000, seed = "6001")
  void dotMatchesScalarWithinBound(@ForAll("dotCases") DotCase c) {
    checkDot(c, VECTORS);
  }

  static void checkDot(DotCase c, List<Kernels> vectors) {
    Gen gen = new Gen(c.dist, c.dataSeed);
    int n = c.n;
    float[] a = gen.array(c.aOff + n + 3, c.aOff, n, Role.DATA, Float.NaN);
    float[] b = gen.array(c.bOff + n + 3, c.bOff, n, Role.WEIGHT, Float.NaN);
    double exact = 0;
    double absSum = 0;
    for (int i = 0; i < n; i++) {
      double p = (double) a[c.aOff + i] * b[c.bOff + i]; // exact: a float product fits a double
      exact += p;
      absSum += Math.abs(p);
    }
    float s = SCALAR.dot(a, c.aOff, b, c.bOff, n);
    // One implementation against the exact sum: n products and n additions, at most n + 1
    // roundings on any path (FMA fuses a product into its addition), so γ(n+1)·Σ|aᵢbᵢ|; the
    // double sum itself is off by at most n·2^-53·Σ|aᵢbᵢ|; each product may underflow by
    // MIN_VALUE/2.
    double oneSide = gamma(n + 1) * absSum + n * 0x1p-53 * absSum + (n + 1) * SUB;
    if (Float.isFinite(s)) {
      assertNearExact("dot", SCALAR, c, s, exact, oneSide);
    }
    for (Kernels k : vectors) {
      float v = k.dot(a, c.aOff, b, c.bOff, n);
      // Vector vs scalar: both within oneSide of the exact sum.
      assertClose("dot", k, c, v, s, 2 * oneSide);
      if (Float.isFinite(v)) {
        assertNearExact("dot", k, c, v, exact, oneSide);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // axpy

  record AxpyCase(int n, int xOff, int yOff, Dist dist, long dataSeed) {}

  @Provide
  Arbitrary<AxpyCase> axpyCases() {
    return Combinators.combine(lengths(0), offsets(), offsets(), dists(), seeds()).as(AxpyCase::new);
  }

  @Property(tries = 2000, seed = "6002")
  void axpyMatchesScalarWithinBound(@ForAll("axpyCases") AxpyCase c) {
    checkAxpy(c, VECTORS);
  }

  static void checkAxpy(AxpyCase c, List<Kernels> vectors) {
    Gen gen = new Gen(c.dist, c.dataSeed);
    int n = c.n;
    float alpha = gen.next(Role.WEIGHT);
    float[] x = gen.array(c.xOff + n + 3, c.xOff, n, Role.DATA, Float.NaN);
    float[] y0 = gen.array(c.yOff + n + 3, 0, c.yOff + n + 3, Role.DATA, 0f);
    float[] ys = y0.clone();
    SCALAR.axpy(alpha, x, c.xOff, ys, c.yOff, n);
    for (Kernels k : vectors) {
      float[] yv = y0.clone();
      k.axpy(alpha, x, c.xOff, yv, c.yOff, n);
      assertUntouchedOutside("y", k, c, y0, yv, c.yOff, c.yOff + n);
      for (int i = 0; i < n; i++) {
        float yi = y0[c.yOff + i];
        float xi = x[c.xOff + i];
        // Each side rounds at most twice (alpha·x, then + y; FMA once): γ(2)·(|y| + |alpha·x|),
        // plus MIN_VALUE/2 if the product underflows.
        double bound = 2 * (gamma(2) * (abs(yi) + abs(alpha) * abs(xi)) + SUB);
        assertClose("axpy y[" + (c.yOff + i) + "]", k, c, yv[c.yOff + i], ys[c.yOff + i], bound);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Shared per-row bounds of the gradient kernels

  /**
   * Bound on |z_vector − z_scalar| for z = x·w + bias over d entries: each side is within
   * γ(d+2)·(Σ|xⱼwⱼ| + |bias|) of the exact value (d products, d additions, the bias addition),
   * plus the subnormal slack; 0 when the scalar z is not finite, since then it comes from an Inf
   * or NaN input and both sides must produce the very same special value.
   */
  static double zBound(float[] x, int xOff, float[] w, int d, float bias, float zs) {
    if (!Float.isFinite(zs)) {
      return 0;
    }
    double absSum = Math.abs((double) bias);
    for (int j = 0; j < d; j++) {
      absSum += Math.abs((double) x[xOff + j] * w[j]);
    }
    return 2 * (gamma(d + 2) * absSum + (d + 2) * SUB);
  }

  /**
   * Bound on |r_vector − r_scalar| given the bound dz on z and the scalar's r.
   * <ul>
   *   <li>Logistic: r = fl(fl(σ(z)) − y). σ is Lipschitz with constant 1/4 and any two values of σ
   *       differ by at most 1, so the exact σ values differ by min(1, dz/4). Rounding σ to float
   *       (|σ| ≤ 1) and the subtraction (|r| ≤ 1) cost at most u each per side, 4u in all; the
   *       double exp inside σ is accurate to ~1e-13 relative, covered by 2u more.
   *   <li>Squared: r = fl(z − y): dz plus one rounding per side, u·(|r_s| + |r_v|) with
   *       |r_v| ≤ |r_s| + dz.
   * </ul>
   * 0 when the scalar r or z is not finite (then it is an Inf/NaN input case that must match exactly).
   */
  static double rBound(boolean logistic, double dz, float zs, float rs) {
    if (!Float.isFinite(zs) || !Float.isFinite(rs)) {
      return 0;
    }
    if (logistic) {
      return Math.min(1.0, dz / 4) + 6 * U;
    }
    return dz + U * (2 * abs(rs) + dz) * 1.001 + SUB;
  }

  static float scalarResidual(boolean logistic, float z, float label) {
    return logistic ? Logistic.residual(z, label) : z - label;
  }

  // ---------------------------------------------------------------------------------------------
  // logisticGradient / squaredGradient (one example, g accumulates)

  record ExampleCase(int d, int xOff, int gGuard, Dist dist, long dataSeed) {}

  @Provide
  Arbitrary<ExampleCase> exampleCases() {
    return Combinators.combine(lengths(1), offsets(), Arbitraries.integers().between(0, 5), dists(), seeds())
        .as(ExampleCase::new);
  }

  @Property(tries = 2000, seed = "6003")
  void logisticGradientMatchesScalarWithinBound(@ForAll("exampleCases") ExampleCase c) {
    checkExample(true, c, VECTORS);
  }

  @Property(tries = 2000, seed = "6004")
  void squaredGradientMatchesScalarWithinBound(@ForAll("exampleCases") ExampleCase c) {
    checkExample(false, c, VECTORS);
  }

  static void checkExample(boolean logistic, ExampleCase c, List<Kernels> vectors) {
    Gen gen = new Gen(c.dist, c.dataSeed);
    int d = c.d;
    Role dataRole = logistic ? Role.DATA : Role.SQUARED_DATA;
    float[] x = gen.array(c.xOff + d + 3, c.xOff, d, dataRole, Float.NaN);
    float[] w = gen.array(d + 3, 0, d, Role.WEIGHT, Float.NaN); // w past d must never be read
    float bias = gen.next(Role.WEIGHT);
    float label = logistic ? gen.label() : gen.next(dataRole);
    float[] g0 = gen.array(d + c.gGuard, 0, d + c.gGuard, dataRole, 0f);

    float[] gs = g0.clone();
    float rs = logistic
        ? SCALAR.logisticGradient(x, c.xOff, d, label, w, bias, gs)
        : SCALAR.squaredGradient(x, c.xOff, d, label, w, bias, gs);
    float zs = SCALAR.dot(x, c.xOff, w, 0, d) + bias;
    if (Float.floatToIntBits(rs) != Float.floatToIntBits(scalarResidual(logistic, zs, label))) {
      throw new AssertionError("scalar residual is not σ(z) − label / z − target as documented; case " + c);
    }
    double dz = zBound(x, c.xOff, w, d, bias, zs);
    double dr = rBound(logistic, dz, zs, rs);
    String name = logistic ? "logisticGradient" : "squaredGradient";
    for (Kernels k : vectors) {
      float[] gv = g0.clone();
      float rv = logistic
          ? k.logisticGradient(x, c.xOff, d, label, w, bias, gv)
          : k.squaredGradient(x, c.xOff, d, label, w, bias, gv);
      assertClose(name + " r", k, c, rv, rs, dr);
      assertUntouchedOutside("g", k, c, g0, gv, 0, d);
      for (int j = 0; j < d; j++) {
        float xj = x[c.xOff + j];
        // g[j] = g0[j] + r·x[j]: the residuals differ by dr, giving dr·|x[j]|; each side then
        // rounds at most twice, γ(2)·(|g0| + |r|·|x|) with |r| ≤ |r_s| + dr, plus underflow slack.
        double bound = times(dr, xj)
            + 2 * (gamma(2) * (abs(g0[j]) + (abs(rs) + dr) * abs(xj)) + SUB);
        assertClose(name + " g[" + j + "]", k, c, gv[j], gs[j], bound);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // logisticBatchGradient / squaredBatchGradient, with and without stats

  record BatchCase(int d, int m, int from, int extraRows, Dist dist, long dataSeed) {}

  @Provide
  Arbitrary<BatchCase> batchCases() {
    return Combinators.combine(
            lengths(1),
            Arbitraries.integers().between(1, 40),
            Arbitraries.integers().between(0, 6),
            Arbitraries.integers().between(0, 4),
            dists(),
            seeds())
        .as(BatchCase::new);
  }

  @Property(tries = 1000, seed = "6005")
  void logisticBatchGradientMatchesScalarWithinBound(@ForAll("batchCases") BatchCase c) {
    checkBatch(true, c, VECTORS);
  }

  @Property(tries = 1000, seed = "6006")
  void squaredBatchGradientMatchesScalarWithinBound(@ForAll("batchCases") BatchCase c) {
    checkBatch(false, c, VECTORS);
  }

  static void checkBatch(boolean logistic, BatchCase c, List<Kernels> vectors) {
    Gen gen = new Gen(c.dist, c.dataSeed);
    int d = c.d;
    int m = c.m;
    Role dataRole = logistic ? Role.DATA : Role.SQUARED_DATA;
    // Dataset of `rowsInX` rows; batch rows are drawn from the first `used` of them (repeats
    // allowed), the others are NaN, as are their labels: a kernel that reads a wrong row fails.
    int used = Math.max(1, (m + 1) / 2 + gen.r.nextInt(m + 1));
    int rowsInX = used + c.extraRows;
    float[] X = new float[rowsInX * d + gen.r.nextInt(d)]; // a partial trailing row, never used
    Arrays.fill(X, Float.NaN);
    float[] labels = new float[rowsInX + 2];
    Arrays.fill(labels, Float.NaN);
    int[] rows = new int[c.from + m + 3];
    Arrays.fill(rows, Integer.MAX_VALUE); // outside [from, from+m): must never be read
    for (int k = c.from; k < c.from + m; k++) {
      rows[k] = gen.r.nextInt(used);
    }
    boolean[] filled = new boolean[rowsInX];
    for (int k = c.from; k < c.from + m; k++) {
      int row = rows[k];
      if (!filled[row]) {
        filled[row] = true;
        for (int j = 0; j < d; j++) {
          X[row * d + j] = gen.next(dataRole);
        }
        labels[row] = logistic ? gen.label() : gen.next(dataRole);
      }
    }
    // A NaN label of a used row is impossible for logistic (it would be rejected); targets of the
    // squared loss may be anything, including NaN from SPECIALS.
    float[] w = gen.array(d + 3, 0, d, Role.WEIGHT, Float.NaN);
    float bias = gen.next(Role.WEIGHT);
    int gGuard = gen.r.nextInt(4);
    float[] g0 = new float[d + gGuard];
    Arrays.fill(g0, 0, d, Float.NaN); // the kernel overwrites g[0..d): the NaN must vanish
    for (int j = d; j < g0.length; j++) {
      g0[j] = (float) gen.r.nextGaussian();
    }
    float[] stats0 = {Float.NaN, 42f};

    float[] gs = g0.clone();
    float[] gsNoStats = g0.clone();
    float[] statsS = stats0.clone();
    float bs = batch(SCALAR, logistic, X, d, rows, c.from, m, labels, w, bias, gs, statsS);
    float bsNoStats = batch(SCALAR, logistic, X, d, rows, c.from, m, labels, w, bias, gsNoStats, null);
    if (Float.floatToIntBits(bs) != Float.floatToIntBits(bsNoStats) || !sameBits(gs, gsNoStats)) {
      throw new AssertionError("scalar batch gradient differs with and without stats; case " + c);
    }

    // Per-row bounds from the scalar's own z and r.
    double[] dr = new double[m];
    double[] dz = new double[m];
    float[] rsOf = new float[m];
    double residualAbsSum = 0;
    double lossAbsSum = 0;
    double lossBound = 0;
    for (int k = 0; k < m; k++) {
      int row = rows[c.from + k];
      float zs = SCALAR.dot(X, row * d, w, 0, d) + bias;
      float rs = scalarResidual(logistic, zs, labels[row]);
      dz[k] = zBound(X, row * d, w, d, bias, zs);
      dr[k] = rBound(logistic, dz[k], zs, rs);
      rsOf[k] = rs;
      residualAbsSum += abs(rs);
      double loss = logistic ? Logistic.logLossDouble(zs, labels[row]) : 0.5 * (double) rs * rs;
      lossAbsSum += Math.abs(loss);
      // Loss difference per row: the log-loss has dℓ/dz = σ(z) − y in [−1, 1], so it is
      // Lipschitz 1 in z: dz. The squared loss ½r² moves by dr·(|r| + dr/2).
      lossBound += logistic ? dz[k] : dr[k] * (abs(rs) + dr[k] / 2);
    }

    for (Kernels k : vectors) {
      float[] gv = g0.clone();
      float[] statsV = stats0.clone();
      float bv = batch(k, logistic, X, d, rows, c.from, m, labels, w, bias, gv, statsV);
      float[] gvNoStats = g0.clone();
      float bvNoStats = batch(k, logistic, X, d, rows, c.from, m, labels, w, bias, gvNoStats, null);
      String name = logistic ? "logisticBatchGradient" : "squaredBatchGradient";
      // The stats overload must compute the very same gradient as the plain one.
      if (Float.floatToIntBits(bv) != Float.floatToIntBits(bvNoStats) || !sameBits(gv, gvNoStats)) {
        throw new AssertionError(name + " at " + k.name() + " differs with and without stats: return "
            + hex(bv) + " vs " + hex(bvNoStats) + ", g " + firstDifference(gv, gvNoStats) + "; case " + c);
      }
      assertUntouchedOutside("g", k, c, g0, gv, 0, d);
      assertUntouchedOutside("stats", k, c, stats0, statsV, 0, 1);

      // Bias gradient (1/m)·Σ r_k, summed in double on both sides: Σ dr_k / m for the residuals,
      // the double sums' reassociation m·2^-52·Σ|r|/m, and the final rounding to float (u per side).
      double biasBound = sum(dr) / m + m * 0x1p-52 * residualAbsSum / m + 2 * U * abs(bs) + SUB;
      assertClose(name + " return (bias gradient)", k, c, bv, bs, biasBound);

      // Mean loss: the per-row bounds above over m, double reassociation, rounding to float.
      double statsBound = lossBound / m + m * 0x1p-52 * lossAbsSum / m + 2 * U * abs(statsS[0]) + SUB;
      assertClose(name + " stats[0]", k, c, statsV[0], statsS[0], statsBound);

      for (int j = 0; j < d; j++) {
        // g[j] = (1/m)·Σ_k r_k·x_kj. The residuals differ by dr_k: Σ dr_k·|x_kj| / m. Each side
        // then sums m products and rounds 1/m, r_k/m or the final division: at most m + 3
        // roundings on any path, γ(m+3)·Σ|r_k·x_kj| / m with |r_k| ≤ |r_s,k| + dr_k on the vector
        // side; plus up to 2m + 4 underflowing multiplications per side.
        double propagated = 0;
        double accumulated = 0;
        for (int kk = 0; kk < m; kk++) {
          int row = rows[c.from + kk];
          float xkj = X[row * d + j];
          propagated += times(dr[kk], xkj);
          accumulated += (2 * abs(rsOf[kk]) + dr[kk]) * abs(xkj);
        }
        double bound = propagated / m + gamma(m + 3) * accumulated / m + 2 * (2 * m + 4) * SUB;
        assertClose(name + " g[" + j + "]", k, c, gv[j], gs[j], bound);
      }
    }
  }

  static float batch(Kernels k, boolean logistic, float[] X, int d, int[] rows, int from, int m,
      float[] labels, float[] w, float bias, float[] g, float[] stats) {
    if (logistic) {
      return stats == null
          ? k.logisticBatchGradient(X, d, rows, from, m, labels, w, bias, g)
          : k.logisticBatchGradient(X, d, rows, from, m, labels, w, bias, g, stats);
    }
    return stats == null
        ? k.squaredBatchGradient(X, d, rows, from, m, labels, w, bias, g)
        : k.squaredBatchGradient(X, d, rows, from, m, labels, w, bias, g, stats);
  }

  static double sum(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s;
  }

  static String hex(float f) {
    return String.format("%s (0x%08x)", f, Float.floatToRawIntBits(f));
  }

  /** "identical" or the first index whose bits differ (all NaNs counted as one), with both values. */
  static String firstDifference(float[] a, float[] b) {
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      if (Float.floatToIntBits(a[i]) != Float.floatToIntBits(b[i])) {
        return "[" + i + "] " + hex(a[i]) + " vs " + hex(b[i]);
      }
    }
    return a.length == b.length ? "identical" : "lengths " + a.length + " vs " + b.length;
  }

  /**
   * Bit-identical arrays, where every NaN counts as the same value. Java leaves the sign and
   * payload of a NaN open, and HotSpot really does differ: when both operands of an addition are
   * NaN, x86 returns the first, and C2 may commute the operands, so the interpreter and C2 can
   * return 0x7fc00000 and 0xffc00000 for the same call (seen here in the scalar tail loops).
   */
  static boolean sameBits(float[] a, float[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (Float.floatToIntBits(a[i]) != Float.floatToIntBits(b[i])) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // momentumUpdate

  record MomentumCase(int d, int guard, Dist dist, long dataSeed) {}

  @Provide
  Arbitrary<MomentumCase> momentumCases() {
    return Combinators.combine(lengths(0), Arbitraries.integers().between(0, 5), dists(), seeds())
        .as(MomentumCase::new);
  }

  @Property(tries = 2000, seed = "6007")
  void momentumUpdateMatchesScalarWithinBound(@ForAll("momentumCases") MomentumCase c) {
    checkMomentum(c, VECTORS);
  }

  static void checkMomentum(MomentumCase c, List<Kernels> vectors) {
    Gen gen = new Gen(c.dist, c.dataSeed);
    int d = c.d;
    SplittableRandom r = gen.r;
    float eta = (float) (new double[] {1e-4, 1e-2, 0.1, 1.0}[r.nextInt(4)] * r.nextDouble(0.5, 1.0));
    float beta = r.nextBoolean() ? 0f : (float) r.nextDouble(0, 0.99);
    float lambda = switch (r.nextInt(3)) {
      case 0 -> 0f;
      case 1 -> (float) r.nextDouble(0, 1e-2);
      default -> (float) r.nextDouble(0, 1);
    };
    float[] g = gen.array(d + c.guard, 0, d, Role.DATA, Float.NaN); // g past d is never read
    float[] v0 = gen.array(d + c.guard, 0, d + c.guard, Role.DATA, 0f);
    float[] w0 = gen.array(d + c.guard, 0, d + c.guard, Role.DATA, 0f);
    float[] vs = v0.clone();
    float[] ws = w0.clone();
    SCALAR.momentumUpdate(eta, beta, lambda, g, vs, ws, d);
    for (Kernels k : vectors) {
      float[] vv = v0.clone();
      float[] wv = w0.clone();
      k.momentumUpdate(eta, beta, lambda, g, vv, wv, d);
      assertUntouchedOutside("v", k, c, v0, vv, 0, d);
      assertUntouchedOutside("w", k, c, w0, wv, 0, d);
      for (int j = 0; j < d; j++) {
        // v' = β·v + (g + λ·w): at most 4 roundings per side (λ·w, g + ·, β·v, the sum; FMA
        // fuses two), so γ(4)·(|β·v| + |g| + |λ·w|) per side, plus 2 underflowing products.
        double terms = abs(beta) * abs(v0[j]) + abs(g[j]) + abs(lambda) * abs(w0[j]);
        double dv = 2 * (gamma(4) * terms + 2 * SUB);
        assertClose("momentumUpdate v[" + j + "]", k, c, vv[j], vs[j], dv);
        // w' = w − η·v': the v' differ by dv, moving w' by η·dv; each side rounds η·v' and the
        // subtraction, γ(2)·(|w| + η·|v'|) with |v'| ≤ |v'_s| + dv, plus one underflow.
        double dw = times(dv, eta) + 2 * (gamma(2) * (abs(w0[j]) + abs(eta) * (abs(vs[j]) + dv)) + SUB);
        assertClose("momentumUpdate w[" + j + "]", k, c, wv[j], ws[j], dw);
      }
    }
  }
}
