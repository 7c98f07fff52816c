package dev.simdsgd.train;

import dev.simdsgd.data.Dataset;
import dev.simdsgd.data.FeatureScaling;
import dev.simdsgd.kernel.Kernels;
import dev.simdsgd.kernel.Logistic;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Mini-batch SGD with heavy-ball momentum and L2 for logistic or least-squares regression, on
 * the {@link Kernels}. One step on a batch B of rows computes exactly
 * <pre>
 *   g_w = (1/|B|)·Σ rᵢxᵢ + λ·w      g_b = (1/|B|)·Σ rᵢ      (rᵢ the residual of row i)
 *   v   = β·v + g_w                  v_b = β·v_b + g_b
 *   w  −= ηₜ·v                       b  −= ηₜ·v_b            (b only when the intercept is fitted)
 * </pre>
 * so λ is the coefficient of (λ/2)‖w‖² and the intercept is not penalized. Weights start at zero
 * (or the given initial weights). {@link #train()} runs the epochs: each one reshuffles the row
 * order with the seeded RNG (or keeps file order), takes consecutive batches of that order, the
 * last partial batch averaged over its own size, and ends with the optional whole-set pass and a
 * check that all weights are finite.
 *
 * <p>Cost per step: one mini-batch gradient kernel call (O(|B|·d)) and one momentum update
 * (O(d)), or at batch size 1 one pass over w: within {@link #train()} the steps are pipelined,
 * each update computing the next row's dot as well ({@link Kernels#sgdUpdateThenDot}), and
 * {@link #step} on one row makes one fused {@link Kernels#logisticSgdStep} (or squared) call,
 * with the same result bit for bit. Batches of fewer than
 * {@value Kernels#BATCH_READ_AHEAD_MIN_ROWS} rows first have their next 32 rows and their labels
 * read ahead, once per 32 rows, by {@link Kernels#readAhead(float[], int, int[], int, int, float[])},
 * so that shuffled rows arrive from memory together (larger batches are read ahead inside the
 * gradient kernel). Nothing is allocated per step: the gradient, velocity and row-order arrays
 * are made once, here. The whole-set pass costs N dot products per epoch.
 * Memory: the dataset (a standardized copy when standardizing) plus 4·d floats and N ints.
 *
 * <p>Not thread-safe: one trainer belongs to one thread.
 */
public final class SgdTrainer {
  private final TrainOptions options;
  private final Kernels kernels;
  private final Loss loss;
  private final FeatureScaling scaling;
  private final Dataset data;
  private final float[] x;
  private final float[] y;
  private final int n;
  private final int d;
  private final int batchSize;
  private final float momentum;
  private final float l2;
  private final boolean fitIntercept;

  /**
   * Rows read ahead at once for small batches: enough misses in flight to overlap most of the
   * memory latency (measured at batch 1, d = 128: 16, 32 and 64 rows tie, 1.6–1.9× faster than none).
   */
  private static final int READ_AHEAD_ROWS = 32;

  private final float[] w;
  private final float[] v;
  private final float[] g;
  private final float[] lastFiniteW;
  private final int[] order;
  private final float[] stats = new float[1];
  private final SplittableRandom rng;

  private float bias;
  private float vBias;
  private float lastFiniteBias;
  private int lastFiniteEpoch;
  private int epoch;
  private long stepInEpoch;
  private long steps;
  private boolean trained;

  /**
   * Prepares training on {@code data}: checks the labels against the loss, fits and applies the
   * scaling when standardizing, and allocates every buffer. Nothing is trained yet.
   *
   * @throws IllegalArgumentException naming the argument: labels outside [0, 1] for the logistic
   *     loss (with the row), initial weights of the wrong length
   */
  public SgdTrainer(Dataset data, TrainOptions options) {
    Objects.requireNonNull(data, "data must not be null");
    this.options = Objects.requireNonNull(options, "options must not be null");
    this.loss = options.loss();
    if (loss == Loss.LOGISTIC) {
      int bad = data.firstLabelOutsideUnitInterval();
      if (bad >= 0) {
        throw new IllegalArgumentException("labels: row " + bad + " (0-based) is " + data.labels()[bad]
            + ", outside [0, 1], which the logistic loss needs");
      }
    }
    float[] init = options.initialWeights();
    if (init != null && init.length != data.features()) {
      throw new IllegalArgumentException("initialWeights has " + init.length + " values, the data "
          + data.features() + " features");
    }
    this.kernels = options.kernels();
    this.scaling = options.standardize() ? FeatureScaling.fit(data) : null;
    this.data = scaling == null ? data : scaling.apply(data);
    this.x = this.data.x();
    this.y = this.data.labels();
    this.n = this.data.rows();
    this.d = this.data.features();
    this.batchSize = Math.min(options.batchSize(), n);
    this.momentum = options.momentum();
    this.l2 = options.l2();
    this.fitIntercept = options.fitIntercept();
    this.w = init != null ? init : new float[d];
    this.bias = options.initialBias();
    this.v = new float[d];
    this.g = new float[d];
    this.lastFiniteW = w.clone();
    this.lastFiniteBias = bias;
    this.order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    this.rng = new SplittableRandom(options.seed());
  }

  /** The effective batch size: the requested one, or N when that is larger (full batch). */
  public int batchSize() {
    return batchSize;
  }

  /** ⌈N / batchSize⌉. */
  public long stepsPerEpoch() {
    return (n + (long) batchSize - 1) / batchSize;
  }

  /** The data the steps run on: standardized when the options say so. */
  public Dataset trainingData() {
    return data;
  }

  /** A copy of the current weights. */
  public float[] weights() {
    return w.clone();
  }

  /** The current bias. */
  public float bias() {
    return bias;
  }

  /** Steps taken so far. */
  public long steps() {
    return steps;
  }

  /** The current weights, bias, loss and scaling as a model. */
  public Model model() {
    return new Model(w, bias, loss, scaling);
  }

  /**
   * The stochastic gradient of the objective at the current weights on the batch
   * {@code rows[from..from+count)} of (training-data) row indices: writes g_w = (1/|B|)·Σ rᵢxᵢ + λ·w
   * to {@code out[0..d)} and returns g_b = (1/|B|)·Σ rᵢ. Changes no weight. Cost O(|B|·d); no
   * allocation.
   */
  public float gradient(int[] rows, int from, int count, float[] out) {
    Objects.requireNonNull(out, "out must not be null");
    if (out.length < d) {
      throw new IllegalArgumentException("out has length " + out.length + ", needs d = " + d);
    }
    float gb = batchGradient(rows, from, count, out, false);
    for (int j = 0; j < d; j++) {
      out[j] += l2 * w[j];
    }
    return gb;
  }

  /**
   * One SGD step on the batch {@code rows[from..from+count)} of (training-data) row indices, with
   * the given learning rate, as in the class comment. A batch of one row takes the fused
   * per-example kernel, as {@link #train} does at batch size 1 (the same weights as the gradient
   * and update calls, up to the sign of zeros). Cost O(|B|·d); no allocation.
   *
   * @throws IllegalArgumentException when the learning rate is not finite and > 0, or a row index
   *     is out of range (before anything changes)
   * @throws DivergenceException when the batch's residuals or the bias become non-finite
   */
  public void step(int[] rows, int from, int count, float learningRate) {
    stepInternal(rows, from, count, learningRate, false);
  }

  /** As {@link #step}, returning the batch's mean loss at the weights before the update. */
  public float stepWithLoss(int[] rows, int from, int count, float learningRate) {
    return stepInternal(rows, from, count, learningRate, true);
  }

  /** Convenience for fixed sample orders: one step on the given rows. Allocates nothing but varargs. */
  public void step(float learningRate, int... rows) {
    step(rows, 0, rows.length, learningRate);
  }

  private float stepInternal(int[] rows, int from, int count, float learningRate, boolean wantLoss) {
    if (!(learningRate > 0f) || Float.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learningRate must be finite and > 0, was " + learningRate);
    }
    if (count == 1 && !wantLoss && isTrainingRow(rows, from)) {
      exampleStep(rows[from], learningRate);
      return Float.NaN;
    }
    // Everything else, bad arguments included: the batch kernel checks them before writing.
    float gb = batchGradient(rows, from, count, g, wantLoss);
    requireFiniteResiduals(gb);
    kernels.momentumUpdate(learningRate, momentum, l2, g, v, w, d);
    finishStep(gb, learningRate);
    return wantLoss ? stats[0] : Float.NaN;
  }

  /** Whether {@code rows[from]} exists and names a training row. */
  private boolean isTrainingRow(int[] rows, int from) {
    return rows != null && from >= 0 && from < rows.length && rows[from] >= 0 && rows[from] < n;
  }

  /**
   * The step of {@link #stepInternal} on the single row {@code row} (a valid training row), with
   * the gradient and the update fused in one kernel call: the same weights up to the sign of
   * zeros, at half the time of a step at d = 128 (the two-call form writes and rereads g).
   */
  private void exampleStep(int row, float learningRate) {
    int off = row * d;
    float r = loss == Loss.LOGISTIC
        ? kernels.logisticSgdStep(x, off, d, y[row], w, bias, v, learningRate, momentum, l2)
        : kernels.squaredSgdStep(x, off, d, y[row], w, bias, v, learningRate, momentum, l2);
    requireFiniteResiduals(r); // when it throws, the kernel wrote nothing
    finishStep(r, learningRate);
  }

  /**
   * The step of {@link #exampleStep} on the row {@code order[at]} of this epoch, pipelined: z
   * (w·x + bias) comes from the step before, or is computed here when {@code z} is NaN (the
   * epoch's first step), and the update also computes the dot of the next row of the epoch
   * ({@link Kernels#sgdUpdateThenDot}), so w is read once per step. The same weights, bias and
   * checks as exampleStep, bit for bit. Returns the next row's z, or NaN after the epoch's last row.
   */
  private float pipelinedExampleStep(int at, float z, float learningRate) {
    int row = order[at];
    int off = row * d;
    if (Float.isNaN(z)) {
      z = kernels.dot(x, off, w, 0, d) + bias;
    }
    float r = loss == Loss.LOGISTIC ? Logistic.residual(z, y[row]) : z - y[row];
    requireFiniteResiduals(r);
    boolean last = at + 1 == n;
    int nextOff = last ? off : order[at + 1] * d; // after the last row: a dot nobody reads
    float nextDot = kernels.sgdUpdateThenDot(r, x, off, d, w, v, learningRate, momentum, l2, x, nextOff);
    finishStep(r, learningRate);
    return last ? Float.NaN : nextDot + bias;
  }

  /**
   * Throws {@link DivergenceException} when the batch's mean residual (the bias gradient) is not
   * finite; called before the weights are updated.
   */
  private void requireFiniteResiduals(float meanResidual) {
    if (!Float.isFinite(meanResidual)) {
      throw diverged("the batch's residuals are not finite (their mean is " + meanResidual + ")");
    }
  }

  /** The end of every step, after the weights: the bias's momentum update (when fitted) and the step counts. */
  private void finishStep(float biasGradient, float learningRate) {
    if (fitIntercept) {
      vBias = momentum * vBias + biasGradient;
      bias -= learningRate * vBias;
      if (!Float.isFinite(bias)) {
        throw diverged("the bias became " + bias);
      }
    }
    steps++;
    stepInEpoch++;
  }

  private float batchGradient(int[] rows, int from, int count, float[] out, boolean wantLoss) {
    if (loss == Loss.LOGISTIC) {
      return wantLoss
          ? kernels.logisticBatchGradient(x, d, rows, from, count, y, w, bias, out, stats)
          : kernels.logisticBatchGradient(x, d, rows, from, count, y, w, bias, out);
    }
    return wantLoss
        ? kernels.squaredBatchGradient(x, d, rows, from, count, y, w, bias, out, stats)
        : kernels.squaredBatchGradient(x, d, rows, from, count, y, w, bias, out);
  }

  /** Divergence in the step now running: its index in the epoch is stepInEpoch, in the run steps. */
  private DivergenceException diverged(String what) {
    return diverged(what, stepInEpoch, steps);
  }

  private DivergenceException diverged(String what, long stepIndexInEpoch, long stepIndex) {
    return new DivergenceException(what, epoch, stepIndexInEpoch, stepIndex, lastFiniteEpoch,
        new Model(lastFiniteW, lastFiniteBias, loss, scaling));
  }

  /**
   * Runs all epochs of the options and returns the final model and the history. May be called
   * once per trainer.
   *
   * @throws DivergenceException when training diverges (see the class of that name)
   * @throws IllegalStateException when called a second time
   */
  public TrainingResult train() {
    if (trained) {
      throw new IllegalStateException("train() may be called once per SgdTrainer");
    }
    trained = true;
    TrainingListener listener = options.listener();
    int epochs = options.epochs();
    long perEpoch = stepsPerEpoch();
    long total = perEpoch * epochs;
    if (options.batchSize() > n) {
      listener.onWarning("batchSize " + options.batchSize() + " is larger than the " + n
          + " training rows: training full-batch (batchSize " + n + ")");
    }
    listener.onStart(new TrainingListener.TrainingPlan(n, d, batchSize, perEpoch, epochs, total, kernels.name()));
    boolean record = options.recordStepLoss();
    if (record && total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("recordStepLoss: " + total + " steps are too many to record");
    }
    float[] stepLosses = new float[record ? (int) total : 0];
    double[] stepSeconds = new double[record ? (int) total : 0];
    List<EpochStats> history = new ArrayList<>(epochs);
    LearningRateSchedule schedule = options.schedule();
    long t = 0;
    long runStart = System.nanoTime();
    for (int e = 1; e <= epochs; e++) {
      epoch = e;
      stepInEpoch = 0;
      long start = System.nanoTime();
      if (options.shuffle()) {
        shuffle();
      }
      float lr = 0f;
      int readUpTo = 0;
      // At batch size 1 the steps are pipelined: each update also computes the next row's dot.
      boolean pipelined = batchSize == 1 && !record;
      float nextZ = Float.NaN;
      for (int from = 0; from < n; from += batchSize) {
        int count = Math.min(batchSize, n - from);
        if (batchSize < Kernels.BATCH_READ_AHEAD_MIN_ROWS && from + count > readUpTo) {
          // Shuffled rows are cache misses: start the next chunk's rows all at once.
          int readFrom = readUpTo;
          readUpTo = Math.min(n, readFrom + READ_AHEAD_ROWS);
          kernels.readAhead(x, d, order, readFrom, readUpTo - readFrom, y);
        }
        lr = (float) schedule.rate(t, total, perEpoch);
        if (!(lr > 0f)) {
          lr = Float.MIN_NORMAL; // a rate that underflows float: the smallest normal float
        }
        if (pipelined) {
          nextZ = pipelinedExampleStep(from, from == 0 ? Float.NaN : nextZ, lr);
        } else if (record) {
          stepLosses[(int) t] = stepInternal(order, from, count, lr, true);
          stepSeconds[(int) t] = (System.nanoTime() - runStart) * 1e-9;
        } else {
          stepInternal(order, from, count, lr, false);
        }
        t++;
      }
      double seconds = (System.nanoTime() - start) * 1e-9;
      checkWeights();
      double lossValue = Double.NaN;
      double objective = Double.NaN;
      double accuracy = Double.NaN;
      if (options.evaluateEachEpoch()) {
        double[] eval = evaluate();
        lossValue = eval[0];
        accuracy = loss == Loss.LOGISTIC ? eval[1] : Double.NaN;
        objective = lossValue + 0.5 * l2 * squaredNorm();
      }
      EpochStats stats = new EpochStats(e, lossValue, objective, accuracy, seconds, n / seconds, lr);
      history.add(stats);
      listener.onEpoch(stats);
    }
    return new TrainingResult(model(), new History(history, stepLosses, stepSeconds));
  }

  /** Fisher–Yates with the seeded RNG; allocation-free. */
  private void shuffle() {
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
  }

  private void checkWeights() {
    for (int j = 0; j < d; j++) {
      if (!Float.isFinite(w[j])) {
        // Found after the epoch's last step, which is named.
        throw diverged("weight w[" + j + "] became " + w[j] + " (found at the epoch-end check)",
            Math.max(0, stepInEpoch - 1), Math.max(0, steps - 1));
      }
    }
    System.arraycopy(w, 0, lastFiniteW, 0, d);
    lastFiniteBias = bias;
    lastFiniteEpoch = epoch;
  }

  private double squaredNorm() {
    double s = 0;
    for (int j = 0; j < d; j++) {
      s += (double) w[j] * w[j];
    }
    return s;
  }

  /** Mean loss and accuracy over the whole training set with the current weights: N dot products. */
  private double[] evaluate() {
    double sum = 0;
    long correct = 0;
    for (int i = 0; i < n; i++) {
      float z = kernels.dot(x, i * d, w, 0, d) + bias;
      sum += Model.exampleLoss(loss, z, y[i]);
      if ((z >= 0f) == (y[i] >= 0.5f)) {
        correct++;
      }
    }
    return new double[] {sum / n, (double) correct / n};
  }

  /**
   * The objective (mean loss + (λ/2)‖w‖²) of the current weights over the whole training set,
   * in double precision. Cost: N dot products.
   */
  public double objective() {
    return evaluate()[0] + 0.5 * l2 * squaredNorm();
  }

  @Override
  public String toString() {
    return "SgdTrainer[" + data + ", " + options + ", steps " + steps + ", w " + Arrays.toString(
        d <= 8 ? w : Arrays.copyOf(w, 8)) + (d > 8 ? "..." : "") + "]";
  }
}
