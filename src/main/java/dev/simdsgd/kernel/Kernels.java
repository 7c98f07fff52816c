package dev.simdsgd.kernel;

import java.util.List;

/**
 * The float32 hot loops of mini-batch SGD on dense rows: dot product, axpy, fused per-example
 * and mini-batch gradients of the logistic and squared losses, the momentum/L2 parameter update,
 * and a whole per-example SGD step (gradient and update in one call).
 *
 * <p>Pick an instance once and keep it: {@link #preferred()} for the fastest width this JVM
 * can run compiled, {@link #ofBits(int)} for one lane width, {@link #scalar()} for the plain-loop
 * reference every width is tested against. Instances are stateless, immutable and safe to share
 * between threads; once compiled by C2 they allocate nothing per call, provided the JVM runs one
 * vector width (several widths in one JVM can make C2 box vectors: the Vector API's shared
 * methods then see several vector classes). Arrays are plain {@code float[]} with explicit
 * offsets; the caller owns every buffer and must not let two threads write one buffer at once.
 *
 * <p>Every method checks its arguments first and throws {@link NullPointerException},
 * {@link IllegalArgumentException} or {@link IndexOutOfBoundsException} naming the argument,
 * before it writes anything. The kernels never scan data for NaN or infinity: a NaN in an input
 * propagates into the result as it would in the scalar reference (the fused SGD steps return the
 * NaN residual and write nothing).
 *
 * <p>Results are deterministic: the same inputs on the same instance give bit-identical results
 * in the interpreter, C1 and C2, and from run to run (all NaNs counting as one value: Java leaves
 * the sign and payload of a NaN result open). Different widths sum in different orders
 * and agree with the scalar reference within a floating-point error bound (see the README).
 *
 * <p>Costs are given per call as vector loads and stores per element, with {@code L} the number
 * of float lanes of the instance ({@code laneBits() / 32}).
 */
public interface Kernels {

  /** The plain-loop reference implementation; it runs anywhere and is the oracle for the others. */
  static Kernels scalar() {
    return ScalarKernels.INSTANCE;
  }

  /**
   * The Vector API implementation with {@code bits}-wide registers: 128, 256 or 512.
   *
   * @throws IllegalArgumentException if {@code bits} is not one of those, if this CPU (as the JVM
   *     sees it, after flags such as {@code -XX:UseAVX} or {@code -XX:MaxVectorSize}) does not run
   *     that width natively, or if {@code jdk.incubator.vector} is not readable
   */
  static Kernels ofBits(int bits) {
    return KernelsProvider.ofBits(bits);
  }

  /**
   * The widest Vector API implementation when vector code can really run compiled (C2 present
   * and {@code jdk.incubator.vector} readable); otherwise {@link #scalar()}, after logging one line
   * that says why. The choice is made once per JVM.
   */
  static Kernels preferred() {
    return KernelsProvider.preferred();
  }

  /** The scalar kernels followed by every lane width this JVM runs natively, narrowest first. */
  static List<Kernels> available() {
    return KernelsProvider.available();
  }

  /** Register width in bits: 128, 256 or 512 for vector kernels, 32 (one float) for scalar. */
  int laneBits();

  /**
   * Short name such as {@code scalar} or {@code vector256}, with {@code +fma} when FMA is used and
   * {@code +masked} when loop tails run as masked vector steps.
   */
  String name();

  /** Whether the vector loops use fused multiply-add ({@code -XX:+UseFMA}); false for scalar. */
  boolean usesFma();

  /**
   * Σ a[aOff+i]·b[bOff+i] for i in [0, n).
   *
   * <p>Cost: 2 loads per element, L-lane FMA (or mul+add), 4 independent accumulators,
   * one fixed-order lane reduction at the end.
   */
  float dot(float[] a, int aOff, float[] b, int bOff, int n);

  /**
   * y[yOff+i] += alpha·x[xOff+i] for i in [0, n).
   *
   * <p>Cost: 2 loads and 1 store per element. {@code x} and {@code y} may be the same array only
   * with equal offsets.
   */
  void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n);

  /**
   * One example of logistic regression: r = σ(w·x + bias) − label, then g[j] += r·x[xOff+j] for
   * j in [0, d) (g accumulates); returns r, the bias gradient of this example.
   *
   * <p>Cost: one fused pass over the row: d reads of x and w for the dot, then d reads of x (from
   * L1) and a load and store of g for the update. {@code w} and {@code g} start at index 0.
   *
   * @param label in [0, 1]; soft labels are allowed
   */
  float logisticGradient(float[] x, int xOff, int d, float label, float[] w, float bias, float[] g);

  /**
   * Mean logistic-loss gradient of a mini-batch: over the dataset rows {@code rows[from..from+m)}
   * of the row-major matrix {@code X} (row i starts at {@code X[i·d]}), overwrites g[0..d) with
   * (1/m)·Σ rₖ·xₖ, where rₖ = σ(w·xₖ + bias) − labels[rows[k]], and returns (1/m)·Σ rₖ, the bias
   * gradient.
   *
   * <p>Cost: rows are processed in blocks of 8, so one load of w serves 8 dots and one load and
   * store of g serves 8 updates: per block and L elements, 8 row loads for the dots, 8 (from L1)
   * for the updates, 1 of w and 1 of g plus 1 store; the last m mod 8 rows go one at a time. At
   * 512 and 256 bits, rows of d ≤ 128 (d ≤ 16 at 256 bits on a CPU without AVX-512's 32 vector
   * registers) go two blocks per call (16 rows sharing each load of w, their σ side by side; the
   * same results to the bit), since there a block's fixed work outweighs its loads. The O(m)
   * label range check runs first. The vector kernels also read one float per cache line of short
   * rows (d ≤ 256) one 32 KiB chunk of rows ahead, so that many shuffled rows are fetched from
   * memory at once: the JVM has no prefetch instruction (measured 1.2–1.45× faster at m ≥ 16 with
   * rows shuffled from 128 MiB).
   *
   * @param labels indexed by dataset row; each used label must lie in [0, 1]
   */
  float logisticBatchGradient(
      float[] X, int d, int[] rows, int from, int m, float[] labels, float[] w, float bias, float[] g);

  /**
   * As {@link #logisticBatchGradient(float[], int, int[], int, int, float[], float[], float, float[])}
   * and stats[0] = the batch's mean log-loss −[y·log σ(z) + (1−y)·log(1−σ(z))], computed stably
   * for every z, from the same z as the gradient. Cost: the vector kernels compute the dots of each
   * 8-row block twice (the second read of the rows hits cache).
   */
  float logisticBatchGradient(
      float[] X,
      int d,
      int[] rows,
      int from,
      int m,
      float[] labels,
      float[] w,
      float bias,
      float[] g,
      float[] stats);

  /**
   * One example of least squares, ℓ = ½r²: r = w·x + bias − target, then g[j] += r·x[xOff+j];
   * returns r. Same cost as {@link #logisticGradient}.
   */
  float squaredGradient(float[] x, int xOff, int d, float target, float[] w, float bias, float[] g);

  /**
   * Mean squared-loss (½r²) gradient of a mini-batch: overwrites g[0..d) with (1/m)·Σ rₖ·xₖ,
   * rₖ = w·xₖ + bias − targets[rows[k]], and returns (1/m)·Σ rₖ. Same layout and cost as
   * {@link #logisticBatchGradient(float[], int, int[], int, int, float[], float[], float, float[])}.
   */
  float squaredBatchGradient(
      float[] X, int d, int[] rows, int from, int m, float[] targets, float[] w, float bias, float[] g);

  /** As the other overload and stats[0] = the batch's mean ½r², at the cost given for the logistic loss. */
  float squaredBatchGradient(
      float[] X,
      int d,
      int[] rows,
      int from,
      int m,
      float[] targets,
      float[] w,
      float bias,
      float[] g,
      float[] stats);

  /**
   * Starts the rows {@code rows[from..from+m)} of the row-major {@code X} (row i at
   * {@code X[i·d]}) on their way into the cache, computing nothing: it reads one float of every
   * 64-byte line of each row, eight rows at a time line by line across the eight, so that the
   * cache misses of all m rows overlap instead of being waited for one row after another (the
   * JVM has no prefetch instruction). Call it on the next
   * 16–64 rows of a shuffled order before per-example work on them. The batch gradients already
   * do this themselves, one chunk of rows ahead, for batches of
   * {@value #BATCH_READ_AHEAD_MIN_ROWS} rows or more; a batch of 2–7 rows touches its own rows
   * just before computing them, which overlaps their misses but cannot hide them. Rows of
   * more than 256 floats are left alone: the hardware prefetcher streams along a long row once its
   * first line arrives. So is a run of consecutive rows of X (eight listed in a row, or one row
   * after its predecessor among the last m mod 8) past its first row: it is one sequential
   * stream, which the prefetcher follows by itself. The batch gradients also read each row's label;
   * the overload with labels does too.
   *
   * <p>Cost: ⌈d/16⌉ + 1 scalar loads per row that is read (d ≤ 256), plus the O(m) row-index
   * check; no writes to any argument. Measured: an SGD epoch at batch 1, d = 128, over 200 000
   * shuffled rows (100 MB) took 44 ms instead of 84 ms when the trainer read 32 rows ahead.
   *
   * @param m the number of rows, ≥ 0
   */
  void readAhead(float[] X, int d, int[] rows, int from, int m);

  /**
   * {@link #readAhead(float[], int, int[], int, int)}, and also reads the labels
   * {@code labels[rows[k]]} of the m rows, whatever d is (of a run of consecutive rows, like its
   * rows, only the first): in a shuffled order each label is a cache miss of its own, which a
   * per-example step would otherwise wait for when it reads the label (in an SGD epoch at batch
   * 1, d = 128, those waits were 11% of a JFR profile's samples before the trainer read the labels
   * ahead; the epoch then gained 0–5%, its time being mostly the rows' misses). This is what the
   * batch gradients do one chunk ahead, and what {@code SgdTrainer} does below batch
   * {@value #BATCH_READ_AHEAD_MIN_ROWS}.
   *
   * <p>Cost: that of the rows (none when d &gt; 256) plus one scalar load per label; the labels'
   * range is checked (every listed row must be inside labels) as the batch gradients check it.
   *
   * @param labels the labels or targets, one per row of X, indexed by row
   */
  void readAhead(float[] X, int d, int[] rows, int from, int m, float[] labels);

  /**
   * The batch gradients read their own rows ahead (as {@link #readAhead} does) when the batch has
   * at least this many rows; a caller stepping through smaller batches reads ahead itself (a
   * smaller batch only touches its rows right before it computes them).
   */
  int BATCH_READ_AHEAD_MIN_ROWS = 8;

  /**
   * Heavy-ball momentum step with L2, over j in [0, d): v[j] = momentum·v[j] + (g[j] + l2·w[j]);
   * w[j] −= learningRate·v[j]. With momentum 0 this is plain SGD with weight decay; l2 is the
   * coefficient λ of (λ/2)‖w‖².
   *
   * <p>Cost: 3 loads and 2 stores per element. w, v and g must be three different arrays.
   */
  void momentumUpdate(float learningRate, float momentum, float l2, float[] g, float[] v, float[] w, int d);

  /**
   * One whole SGD step on one example of logistic regression, the per-example gradient and the
   * {@link #momentumUpdate} fused: r = σ(w·x + bias) − label; then, if r is finite, for j in
   * [0, d): v[j] = momentum·v[j] + (r·x[xOff+j] + l2·w[j]); w[j] −= learningRate·v[j]. Returns r,
   * the bias gradient, and leaves updating the bias to the caller. When r is not finite (NaN
   * weights or inputs), nothing is written. The result is the same as {@link #logisticGradient}
   * into a zeroed g followed by {@link #momentumUpdate}, bit for bit up to the sign of zeros, with
   * no g at all: the rounded product r·x[j] goes straight into the update.
   *
   * <p>Cost: d reads of x and w for the dot, then one pass reading x (from L1), w and v and writing
   * v and w: one pass and one call fewer than the two-call form, and no g to zero. At batch size 1
   * an SGD step is one long dependency chain (w, dot, σ, update, the next dot), so its time is
   * mostly latency: measured 1.07–1.54× faster than the two-call form at d = 64–1024 and 128–512 bits
   * (ExampleStepBench, momentum 0.9, rows in L1/L2; 59 against 75 ns at d = 128, 512 bits).
   *
   * @param label in [0, 1]; soft labels are allowed
   * @param learningRate finite and > 0
   * @param momentum in [0, 1); 0 is plain SGD (v then only holds the last step)
   * @param l2 finite and ≥ 0, the coefficient λ of (λ/2)‖w‖²
   */
  float logisticSgdStep(
      float[] x, int xOff, int d, float label, float[] w, float bias, float[] v,
      float learningRate, float momentum, float l2);

  /**
   * As {@link #logisticSgdStep} for least squares (ℓ = ½r²): r = w·x + bias − target, then the
   * same update when r is finite. Same cost.
   */
  float squaredSgdStep(
      float[] x, int xOff, int d, float target, float[] w, float bias, float[] v,
      float learningRate, float momentum, float l2);

  /**
   * The update half of {@link #logisticSgdStep} for a residual r the caller already has, fused
   * with the dot product of the updated weights and the next example's row: for j in [0, d):
   * v[j] = momentum·v[j] + (r·x[xOff+j] + l2·w[j]); w[j] −= learningRate·v[j]; then returns
   * Σ next[nextOff+j]·w[j] over the new w. This is how an SGD loop at batch size 1 overlaps its
   * steps: with z = that dot + the (updated) bias, the next residual is
   * {@link Logistic#residual Logistic.residual(z, label)} or z − target, and the next call makes
   * the next step. v and w get the bits {@link #logisticSgdStep} (or {@link #squaredSgdStep}) would
   * write for the same r, and the returned dot has the bits of {@link #dot dot(next, nextOff, w, 0,
   * d)} on the new w; next may be x itself (another row of the same matrix).
   *
   * <p>Cost: one pass reading x, next, w and v and writing v and w, where a step followed by the
   * next step's dot reads w twice, the second time right after writing it (measured at d = 128,
   * 512 bits, rows in cache: 65 ns a step as logisticSgdStep calls, 49 ns pipelined through this
   * method; see the README).
   *
   * @param r the residual, finite (the caller checks it: a non-finite r means the run diverged)
   * @param learningRate finite and > 0
   * @param momentum in [0, 1)
   * @param l2 finite and ≥ 0, the coefficient λ of (λ/2)‖w‖²
   * @param next the array holding the next row, which starts at nextOff; not w or v
   * @throws IllegalArgumentException also when r is not finite, before anything is written
   */
  float sgdUpdateThenDot(
      float r, float[] x, int xOff, int d, float[] w, float[] v, float learningRate, float momentum,
      float l2, float[] next, int nextOff);
}
