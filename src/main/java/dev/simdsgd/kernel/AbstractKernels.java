package dev.simdsgd.kernel;

/**
 * Validates every argument of the public {@link Kernels} methods and only then calls the
 * implementation's unchecked loop, so that no loop re-checks and no rejected call writes
 * anything. Implementations override only the {@code *Unchecked} methods.
 */
abstract sealed class AbstractKernels implements Kernels
    permits ScalarKernels, Vector128Kernels, Vector256Kernels, Vector512Kernels {

  /** Selects the loss inside the shared batch-gradient loops. */
  static final int LOGISTIC = 0;

  static final int SQUARED = 1;

  /**
   * Written with the bits {@link ReadAhead#touchRows} read, and never read: it only keeps those
   * loads alive. Racy writes from several threads are harmless.
   */
  @SuppressWarnings("unused")
  int readAheadSink;

  @Override
  public final float dot(float[] a, int aOff, float[] b, int bOff, int n) {
    Checks.range(a, "a", aOff, n, "n");
    Checks.range(b, "b", bOff, n, "n");
    return dotUnchecked(a, aOff, b, bOff, n);
  }

  @Override
  public final void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
    Checks.range(x, "x", xOff, n, "n");
    Checks.range(y, "y", yOff, n, "n");
    if (x == y && xOff != yOff && n > 0) {
      throw new IllegalArgumentException("x and y are the same array with different offsets (" + xOff
          + " and " + yOff + "): overlapping in-place axpy is not supported");
    }
    axpyUnchecked(alpha, x, xOff, y, yOff, n);
  }

  @Override
  public final float logisticGradient(float[] x, int xOff, int d, float label, float[] w, float bias, float[] g) {
    checkExample(x, xOff, d, w, g);
    Checks.label(label, "label");
    return exampleGradientUnchecked(LOGISTIC, x, xOff, d, label, w, bias, g);
  }

  @Override
  public final float squaredGradient(float[] x, int xOff, int d, float target, float[] w, float bias, float[] g) {
    checkExample(x, xOff, d, w, g);
    return exampleGradientUnchecked(SQUARED, x, xOff, d, target, w, bias, g);
  }

  @Override
  public final float logisticBatchGradient(
      float[] X, int d, int[] rows, int from, int m, float[] labels, float[] w, float bias, float[] g) {
    checkBatch(LOGISTIC, X, d, rows, from, m, labels, "labels", w, g, null);
    return batchGradientUnchecked(LOGISTIC, X, d, rows, from, m, labels, w, bias, g, null);
  }

  @Override
  public final float logisticBatchGradient(
      float[] X, int d, int[] rows, int from, int m, float[] labels, float[] w, float bias, float[] g, float[] stats) {
    checkBatch(LOGISTIC, X, d, rows, from, m, labels, "labels", w, g, Checks.nonNull(stats, "stats"));
    return batchGradientUnchecked(LOGISTIC, X, d, rows, from, m, labels, w, bias, g, stats);
  }

  @Override
  public final float squaredBatchGradient(
      float[] X, int d, int[] rows, int from, int m, float[] targets, float[] w, float bias, float[] g) {
    checkBatch(SQUARED, X, d, rows, from, m, targets, "targets", w, g, null);
    return batchGradientUnchecked(SQUARED, X, d, rows, from, m, targets, w, bias, g, null);
  }

  @Override
  public final float squaredBatchGradient(
      float[] X, int d, int[] rows, int from, int m, float[] targets, float[] w, float bias, float[] g, float[] stats) {
    checkBatch(SQUARED, X, d, rows, from, m, targets, "targets", w, g, Checks.nonNull(stats, "stats"));
    return batchGradientUnchecked(SQUARED, X, d, rows, from, m, targets, w, bias, g, stats);
  }

  @Override
  public final void readAhead(float[] X, int d, int[] rows, int from, int m) {
    checkReadAhead(X, d, rows, from, m, null);
    if (d <= ReadAhead.MAX_D) {
      readAheadSink = ReadAhead.touchRows(X, d, rows, from, from + m, null);
    }
  }

  @Override
  public final void readAhead(float[] X, int d, int[] rows, int from, int m, float[] labels) {
    checkReadAhead(X, d, rows, from, m, Checks.nonNull(labels, "labels"));
    readAheadSink = d <= ReadAhead.MAX_D
        ? ReadAhead.touchRows(X, d, rows, from, from + m, labels)
        : ReadAhead.touchLabels(rows, from, from + m, labels);
  }

  /** The checks of both readAhead forms; labels may be null (the form without them). */
  private static void checkReadAhead(float[] X, int d, int[] rows, int from, int m, float[] labels) {
    Checks.nonNull(X, "X");
    Checks.positive(d, "d");
    Checks.nonNull(rows, "rows");
    if (m < 0) {
      throw new IllegalArgumentException("m must be >= 0, was " + m);
    }
    checkRowRange(rows, from, m);
    int datasetRows = X.length / d;
    for (int k = from; k < from + m; k++) {
      int row = rows[k];
      checkRowInX(k, row, datasetRows, d);
      if (labels != null) {
        checkRowInLabels(k, row, labels, "labels");
      }
    }
  }

  @Override
  public final void momentumUpdate(
      float learningRate, float momentum, float l2, float[] g, float[] v, float[] w, int d) {
    checkUpdateFactors(learningRate, momentum, l2);
    Checks.range(g, "g", 0, d, "d");
    Checks.range(v, "v", 0, d, "d");
    Checks.range(w, "w", 0, d, "d");
    Checks.distinct(g, "g", v, "v");
    Checks.distinct(g, "g", w, "w");
    Checks.distinct(v, "v", w, "w");
    momentumUpdateUnchecked(learningRate, momentum, l2, g, v, w, d);
  }

  @Override
  public final float logisticSgdStep(
      float[] x, int xOff, int d, float label, float[] w, float bias, float[] v,
      float learningRate, float momentum, float l2) {
    checkStep(x, xOff, d, w, v, learningRate, momentum, l2);
    Checks.label(label, "label");
    return exampleStepUnchecked(LOGISTIC, x, xOff, d, label, w, bias, v, learningRate, momentum, l2);
  }

  @Override
  public final float squaredSgdStep(
      float[] x, int xOff, int d, float target, float[] w, float bias, float[] v,
      float learningRate, float momentum, float l2) {
    checkStep(x, xOff, d, w, v, learningRate, momentum, l2);
    return exampleStepUnchecked(SQUARED, x, xOff, d, target, w, bias, v, learningRate, momentum, l2);
  }

  @Override
  public final float sgdUpdateThenDot(
      float r, float[] x, int xOff, int d, float[] w, float[] v, float learningRate, float momentum,
      float l2, float[] next, int nextOff) {
    if (!Float.isFinite(r)) {
      throw new IllegalArgumentException("r must be finite, was " + r);
    }
    checkStep(x, xOff, d, w, v, learningRate, momentum, l2);
    Checks.range(next, "next", nextOff, d, "d");
    Checks.distinct(w, "w", next, "next"); // the update writes w and v while next is read
    Checks.distinct(v, "v", next, "next");
    return updateThenDotUnchecked(r, x, xOff, d, w, v, learningRate, momentum, l2, next, nextOff);
  }

  @Override
  public String toString() {
    return name();
  }

  private static void checkUpdateFactors(float learningRate, float momentum, float l2) {
    if (!(learningRate > 0f) || Float.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learningRate must be finite and > 0, was " + learningRate);
    }
    if (!(momentum >= 0f && momentum < 1f)) {
      throw new IllegalArgumentException("momentum must lie in [0, 1), was " + momentum);
    }
    if (!(l2 >= 0f) || Float.isInfinite(l2)) {
      throw new IllegalArgumentException("l2 must be finite and >= 0, was " + l2);
    }
  }

  private static void checkStep(
      float[] x, int xOff, int d, float[] w, float[] v, float learningRate, float momentum, float l2) {
    checkUpdateFactors(learningRate, momentum, l2);
    checkExample(x, xOff, d, w, v, "v");
    Checks.distinct(w, "w", x, "x"); // the step writes w too
  }

  private static void checkExample(float[] x, int xOff, int d, float[] w, float[] g) {
    checkExample(x, xOff, d, w, g, "g");
  }

  /** One example's x and w, and the d-float output {@code out} (named outName) the call writes. */
  private static void checkExample(float[] x, int xOff, int d, float[] w, float[] out, String outName) {
    Checks.positive(d, "d");
    Checks.range(x, "x", xOff, d, "d");
    Checks.range(w, "w", 0, d, "d");
    Checks.range(out, outName, 0, d, "d");
    Checks.distinct(out, outName, x, "x");
    Checks.distinct(out, outName, w, "w");
  }

  private static void checkBatch(
      int loss, float[] X, int d, int[] rows, int from, int m, float[] labels, String labelsName,
      float[] w, float[] g, float[] stats) {
    Checks.nonNull(X, "X");
    Checks.positive(d, "d");
    Checks.nonNull(rows, "rows");
    Checks.positive(m, "m");
    Checks.nonNull(labels, labelsName);
    checkRowRange(rows, from, m);
    Checks.range(w, "w", 0, d, "d");
    Checks.range(g, "g", 0, d, "d");
    Checks.distinct(g, "g", X, "X");
    Checks.distinct(g, "g", w, "w");
    Checks.distinct(g, "g", labels, labelsName);
    if (stats != null) {
      if (stats.length < 1) {
        throw new IllegalArgumentException("stats must have length >= 1, was 0");
      }
      Checks.distinct(stats, "stats", g, "g");
    }
    int datasetRows = X.length / d;
    for (int k = from; k < from + m; k++) {
      int row = rows[k];
      checkRowInX(k, row, datasetRows, d);
      checkRowInLabels(k, row, labels, labelsName);
      if (loss == LOGISTIC) {
        float y = labels[row];
        if (!(y >= 0f && y <= 1f)) {
          throw new IllegalArgumentException(labelsName + "[" + row + "] (rows[" + k + "]) must lie in [0, 1]"
              + " for the logistic loss, was " + y);
        }
      }
    }
  }

  private static void checkRowRange(int[] rows, int from, int m) {
    if (from < 0 || from > rows.length - m) {
      throw new IndexOutOfBoundsException("rows: batch [" + from + ", " + ((long) from + m)
          + ") is outside rows of length " + rows.length);
    }
  }

  /** rows[k] = row names a whole row of X, which holds datasetRows rows of d floats. */
  private static void checkRowInX(int k, int row, int datasetRows, int d) {
    if (row < 0 || row >= datasetRows) {
      throw new IndexOutOfBoundsException("rows[" + k + "] = " + row + " is outside X, which holds "
          + datasetRows + " rows of d = " + d);
    }
  }

  /** rows[k] = row, already checked to be a row of X, must also index {@code labels}. */
  private static void checkRowInLabels(int k, int row, float[] labels, String labelsName) {
    if (row >= labels.length) {
      throw new IndexOutOfBoundsException("rows[" + k + "] = " + row + " is outside " + labelsName
          + " of length " + labels.length);
    }
  }

  abstract float dotUnchecked(float[] a, int aOff, float[] b, int bOff, int n);

  abstract void axpyUnchecked(float alpha, float[] x, int xOff, float[] y, int yOff, int n);

  /** Fused per-example gradient; {@code loss} is {@link #LOGISTIC} or {@link #SQUARED}. */
  abstract float exampleGradientUnchecked(
      int loss, float[] x, int xOff, int d, float label, float[] w, float bias, float[] g);

  /** Mini-batch gradient; {@code stats} may be null, when no loss is wanted. */
  abstract float batchGradientUnchecked(
      int loss, float[] X, int d, int[] rows, int from, int m, float[] labels, float[] w, float bias,
      float[] g, float[] stats);

  /** {@link #sgdUpdateThenDot} after its checks. */
  abstract float updateThenDotUnchecked(
      float r, float[] x, int xOff, int d, float[] w, float[] v, float learningRate, float momentum,
      float l2, float[] next, int nextOff);

  /**
   * Fused per-example SGD step; {@code loss} is {@link #LOGISTIC} or {@link #SQUARED}. Writes
   * nothing when the residual is not finite.
   */
  abstract float exampleStepUnchecked(
      int loss, float[] x, int xOff, int d, float label, float[] w, float bias, float[] v,
      float learningRate, float momentum, float l2);

  abstract void momentumUpdateUnchecked(
      float learningRate, float momentum, float l2, float[] g, float[] v, float[] w, int d);

  /** The residual ∂ℓ/∂z of one example given z = w·x + bias. */
  static float residual(int loss, float z, float label) {
    return loss == LOGISTIC ? Logistic.residual(z, label) : z - label;
  }

  /** The loss of one example given z and its residual, in double for accumulation. */
  static double exampleLoss(int loss, float z, float label, float residual) {
    return loss == LOGISTIC ? Logistic.logLossDouble(z, label) : 0.5 * (double) residual * residual;
  }
}
