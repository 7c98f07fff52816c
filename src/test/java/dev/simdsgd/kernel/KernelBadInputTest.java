package dev.simdsgd.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every public {@link Kernels} method, at every width of {@link Kernels#available()}, with one bad
 * argument at a time: it must throw the documented exception type with a message that names the
 * argument, and leave every buffer of the call (w, g, v, y, stats, X, labels, rows, and the short
 * or aliased arrays themselves) bit for bit as it was. A control test shows that the valid
 * version of each call does write its outputs, so the unchanged-buffer checks can fail.
 *
 * <p>Cases, per width: null for every array argument; negative and too-long lengths; negative,
 * past-the-end and Integer.MAX_VALUE offsets; arrays shorter than d; d ≤ 0; m ≤ 0; {@code from}
 * out of range; rows[k] out of range (first and last batch position, negative, past the last full
 * row of X, past the end of labels); labels below 0, above 1, NaN and ±Inf for the logistic loss
 * (including one at the last batch position, so the check must finish before anything is written);
 * aliasing (g == w, g == X, g == x, axpy x == y at different offsets, any two of momentumUpdate's
 * g, v, w, stats == g); stats null and empty; learningRate 0, −0, < 0, NaN, +Inf; momentum < 0,
 * 1, > 1, NaN; l2 < 0, NaN, +Inf; both readAhead forms with m < 0 and the batch gradients' row
 * checks, and labels null or too short for the form with labels, at every d. Also
 * {@link Kernels#ofBits} with unsupported widths.
 */
class KernelBadInputTest {

  static final int D = 21; // one vector step and a tail at every width
  static final int N = 7; // dataset rows
  static final int M = 5; // batch size: one block of 4 and one row

  /** Fresh, valid, distinct buffers for every method; the bad cases break one thing each. */
  static final class F {
    final SplittableRandom r = new SplittableRandom(606);
    float[] a = random(40);
    float[] b = random(40);
    float[] x = random(D + 3);
    float[] y = random(40);
    float[] X = random(N * D);
    float[] xPartial = random(N * D + D - 1); // a trailing partial row
    int[] rows = {6, 0, 3, 3, 5, 1, 2, 4, 0}; // batch = rows[2..2+M) = {3, 3, 5, 1, 2}
    int from = 2;
    float[] labels = unit(N);
    float[] labelsShort = unit(N - 2); // rows 5 and 6 have no label
    float[] w = random(D);
    float[] wShort = random(D - 1);
    float[] g = random(D);
    float[] gShort = random(D - 1);
    float[] v = random(D);
    float[] stats = {12.5f, 7f};
    float[] statsEmpty = {};

    float[] random(int n) {
      float[] out = new float[n];
      for (int i = 0; i < n; i++) {
        out[i] = (float) r.nextGaussian();
      }
      return out;
    }

    float[] unit(int n) {
      float[] out = new float[n];
      for (int i = 0; i < n; i++) {
        out[i] = (float) r.nextDouble();
      }
      return out;
    }

    /** Every buffer a call may see, in a fixed order. */
    Object[] buffers() {
      return new Object[] {a, b, x, y, X, xPartial, rows, labels, labelsShort, w, wShort, g, gShort, v, stats, statsEmpty};
    }

    static final String[] NAMES = {"a", "b", "x", "y", "X", "xPartial", "rows", "labels", "labelsShort", "w", "wShort",
        "g", "gShort", "v", "stats", "statsEmpty"};
  }

  /** One bad call: what to break in the fixture, the call, the exception and the names its message must contain. */
  record Bad(String name, Consumer<F> setup, BiConsumer<Kernels, F> call, Class<? extends RuntimeException> type,
      String... argNames) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final Consumer<F> NOTHING = f -> {};

  static Bad bad(String name, BiConsumer<Kernels, F> call, Class<? extends RuntimeException> type, String... argNames) {
    return new Bad(name, NOTHING, call, type, argNames);
  }

  static Bad bad(String name, Consumer<F> setup, BiConsumer<Kernels, F> call, Class<? extends RuntimeException> type,
      String... argNames) {
    return new Bad(name, setup, call, type, argNames);
  }

  static final Class<NullPointerException> NPE = NullPointerException.class;
  static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
  static final Class<IndexOutOfBoundsException> IOOBE = IndexOutOfBoundsException.class;

  /** A batch-gradient overload: 0 logistic, 1 logistic + stats, 2 squared, 3 squared + stats. */
  /** One of the two readAhead forms; the form without labels ignores them. */
  interface ReadAheadCall {
    void call(Kernels k, float[] X, int d, int[] rows, int from, int m, float[] labels);
  }

  interface Batch {
    float call(Kernels k, float[] X, int d, int[] rows, int from, int m, float[] labels, float[] w, float bias,
        float[] g, float[] stats);
  }

  static final Batch[] BATCH = {
      (k, X, d, rows, from, m, labels, w, bias, g, stats) -> k.logisticBatchGradient(X, d, rows, from, m, labels, w, bias, g),
      (k, X, d, rows, from, m, labels, w, bias, g, stats) -> k.logisticBatchGradient(X, d, rows, from, m, labels, w, bias, g, stats),
      (k, X, d, rows, from, m, labels, w, bias, g, stats) -> k.squaredBatchGradient(X, d, rows, from, m, labels, w, bias, g),
      (k, X, d, rows, from, m, labels, w, bias, g, stats) -> k.squaredBatchGradient(X, d, rows, from, m, labels, w, bias, g, stats),
  };
  static final String[] BATCH_NAMES = {"logisticBatchGradient", "logisticBatchGradient+stats", "squaredBatchGradient",
      "squaredBatchGradient+stats"};

  static List<Bad> cases() {
    List<Bad> cases = new ArrayList<>();
    // ----- dot
    cases.add(bad("dot a null", (k, f) -> k.dot(null, 0, f.b, 0, 3), NPE, "a"));
    cases.add(bad("dot b null", (k, f) -> k.dot(f.a, 0, null, 0, 3), NPE, "b"));
    // A negative length is reported as "length must be >= 0 for a": it names the array whose range it is.
    cases.add(bad("dot n < 0", (k, f) -> k.dot(f.a, 0, f.b, 0, -1), IAE, "length", "a"));
    cases.add(bad("dot aOff < 0", (k, f) -> k.dot(f.a, -1, f.b, 0, 3), IOOBE, "a"));
    cases.add(bad("dot aOff + n past a", (k, f) -> k.dot(f.a, 38, f.b, 0, 3), IOOBE, "a"));
    cases.add(bad("dot bOff + n past b", (k, f) -> k.dot(f.a, 0, f.b, 38, 3), IOOBE, "b"));
    cases.add(bad("dot n past both", (k, f) -> k.dot(f.a, 0, f.b, 0, 41), IOOBE, "a"));
    cases.add(bad("dot aOff MAX_VALUE", (k, f) -> k.dot(f.a, Integer.MAX_VALUE, f.b, 0, 1), IOOBE, "a"));
    cases.add(bad("dot n MAX_VALUE", (k, f) -> k.dot(f.a, 1, f.b, 0, Integer.MAX_VALUE), IOOBE, "a"));
    // ----- axpy
    cases.add(bad("axpy x null", (k, f) -> k.axpy(2f, null, 0, f.y, 0, 3), NPE, "x"));
    cases.add(bad("axpy y null", (k, f) -> k.axpy(2f, f.x, 0, null, 0, 3), NPE, "y"));
    cases.add(bad("axpy n < 0", (k, f) -> k.axpy(2f, f.x, 0, f.y, 0, -2), IAE, "length", "x"));
    cases.add(bad("axpy xOff < 0", (k, f) -> k.axpy(2f, f.x, -1, f.y, 0, 3), IOOBE, "x"));
    cases.add(bad("axpy yOff < 0", (k, f) -> k.axpy(2f, f.x, 0, f.y, -1, 3), IOOBE, "y"));
    cases.add(bad("axpy xOff + n past x", (k, f) -> k.axpy(2f, f.x, 1, f.y, 0, D + 3), IOOBE, "x"));
    cases.add(bad("axpy yOff + n past y", (k, f) -> k.axpy(2f, f.x, 0, f.y, 30, 11), IOOBE, "y"));
    cases.add(bad("axpy yOff MAX_VALUE", (k, f) -> k.axpy(2f, f.x, 0, f.y, Integer.MAX_VALUE, 1), IOOBE, "y"));
    cases.add(bad("axpy x == y at different offsets", (k, f) -> k.axpy(2f, f.y, 0, f.y, 1, 5), IAE, "x", "y"));
    cases.add(bad("axpy x == y at different offsets (y first)", (k, f) -> k.axpy(2f, f.y, 7, f.y, 3, 5), IAE, "x", "y"));
    // ----- per-example gradients
    for (boolean logistic : new boolean[] {true, false}) {
      String n = logistic ? "logisticGradient" : "squaredGradient";
      Example e = logistic
          ? (k, x, xOff, d, label, w, bias, g) -> k.logisticGradient(x, xOff, d, label, w, bias, g)
          : (k, x, xOff, d, label, w, bias, g) -> k.squaredGradient(x, xOff, d, label, w, bias, g);
      cases.add(bad(n + " x null", (k, f) -> e.call(k, null, 0, D, 1f, f.w, 0f, f.g), NPE, "x"));
      cases.add(bad(n + " w null", (k, f) -> e.call(k, f.x, 0, D, 1f, null, 0f, f.g), NPE, "w"));
      cases.add(bad(n + " g null", (k, f) -> e.call(k, f.x, 0, D, 1f, f.w, 0f, null), NPE, "g"));
      cases.add(bad(n + " d = 0", (k, f) -> e.call(k, f.x, 0, 0, 1f, f.w, 0f, f.g), IAE, "d"));
      cases.add(bad(n + " d < 0", (k, f) -> e.call(k, f.x, 0, -3, 1f, f.w, 0f, f.g), IAE, "d"));
      cases.add(bad(n + " xOff < 0", (k, f) -> e.call(k, f.x, -1, D, 1f, f.w, 0f, f.g), IOOBE, "x"));
      cases.add(bad(n + " xOff + d past x", (k, f) -> e.call(k, f.x, 4, D, 1f, f.w, 0f, f.g), IOOBE, "x"));
      cases.add(bad(n + " w shorter than d", (k, f) -> e.call(k, f.x, 0, D, 1f, f.wShort, 0f, f.g), IOOBE, "w"));
      cases.add(bad(n + " g shorter than d", (k, f) -> e.call(k, f.x, 0, D, 1f, f.w, 0f, f.gShort), IOOBE, "g"));
      cases.add(bad(n + " g == x", (k, f) -> e.call(k, f.x, 0, D, 1f, f.w, 0f, f.x), IAE, "g", "x"));
      cases.add(bad(n + " g == w", (k, f) -> e.call(k, f.x, 0, D, 1f, f.w, 0f, f.w), IAE, "g", "w"));
      if (logistic) {
        for (float label : new float[] {-0.1f, 1.1f, -Float.MIN_VALUE, Math.nextUp(1f), Float.NaN,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
          cases.add(bad(n + " label " + label, (k, f) -> e.call(k, f.x, 0, D, label, f.w, 0f, f.g), IAE, "label"));
        }
      }
    }
    // ----- fused per-example SGD steps
    for (boolean logistic : new boolean[] {true, false}) {
      String n = logistic ? "logisticSgdStep" : "squaredSgdStep";
      Step st = logistic
          ? (k, x, xOff, d, label, w, v, lr, beta, l2) -> k.logisticSgdStep(x, xOff, d, label, w, 0f, v, lr, beta, l2)
          : (k, x, xOff, d, label, w, v, lr, beta, l2) -> k.squaredSgdStep(x, xOff, d, label, w, 0f, v, lr, beta, l2);
      cases.add(bad(n + " x null", (k, f) -> st.call(k, null, 0, D, 1f, f.w, f.v, 0.1f, 0.9f, 0.01f), NPE, "x"));
      cases.add(bad(n + " w null", (k, f) -> st.call(k, f.x, 0, D, 1f, null, f.v, 0.1f, 0.9f, 0.01f), NPE, "w"));
      cases.add(bad(n + " v null", (k, f) -> st.call(k, f.x, 0, D, 1f, f.w, null, 0.1f, 0.9f, 0.01f), NPE, "v"));
      cases.add(bad(n + " d = 0", (k, f) -> st.call(k, f.x, 0, 0, 1f, f.w, f.v, 0.1f, 0.9f, 0.01f), IAE, "d"));
      cases.add(bad(n + " d < 0", (k, f) -> st.call(k, f.x, 0, -3, 1f, f.w, f.v, 0.1f, 0.9f, 0.01f), IAE, "d"));
      cases.add(bad(n + " xOff < 0", (k, f) -> st.call(k, f.x, -1, D, 1f, f.w, f.v, 0.1f, 0.9f, 0.01f), IOOBE, "x"));
      cases.add(bad(n + " xOff + d past x", (k, f) -> st.call(k, f.x, 4, D, 1f, f.w, f.v, 0.1f, 0.9f, 0.01f), IOOBE, "x"));
      cases.add(bad(n + " w shorter than d", (k, f) -> st.call(k, f.x, 0, D, 1f, f.wShort, f.v, 0.1f, 0.9f, 0.01f), IOOBE, "w"));
      cases.add(bad(n + " v shorter than d", (k, f) -> st.call(k, f.x, 0, D, 1f, f.w, f.gShort, 0.1f, 0.9f, 0.01f), IOOBE, "v"));
      cases.add(bad(n + " v == x", (k, f) -> st.call(k, f.x, 0, D, 1f, f.w, f.x, 0.1f, 0.9f, 0.01f), IAE, "v", "x"));
      cases.add(bad(n + " v == w", (k, f) -> st.call(k, f.x, 0, D, 1f, f.w, f.w, 0.1f, 0.9f, 0.01f), IAE, "v", "w"));
      cases.add(bad(n + " w == x", (k, f) -> st.call(k, f.x, 0, D, 1f, f.x, f.v, 0.1f, 0.9f, 0.01f), IAE, "w", "x"));
      for (float lr : new float[] {0f, -0.1f, Float.NaN, Float.POSITIVE_INFINITY}) {
        cases.add(bad(n + " learningRate " + lr, (k, f) -> st.call(k, f.x, 0, D, 1f, f.w, f.v, lr, 0.9f, 0.01f), IAE, "learningRate"));
      }
      for (float beta : new float[] {-0.1f, 1f, Float.NaN}) {
        cases.add(bad(n + " momentum " + beta, (k, f) -> st.call(k, f.x, 0, D, 1f, f.w, f.v, 0.1f, beta, 0.01f), IAE, "momentum"));
      }
      for (float l2 : new float[] {-1e-3f, Float.NaN, Float.POSITIVE_INFINITY}) {
        cases.add(bad(n + " l2 " + l2, (k, f) -> st.call(k, f.x, 0, D, 1f, f.w, f.v, 0.1f, 0.9f, l2), IAE, "l2"));
      }
      if (logistic) {
        for (float label : new float[] {-0.1f, 1.1f, Float.NaN, Float.POSITIVE_INFINITY}) {
          cases.add(bad(n + " label " + label, (k, f) -> st.call(k, f.x, 0, D, label, f.w, f.v, 0.1f, 0.9f, 0.01f), IAE, "label"));
        }
      }
    }
    // ----- the update fused with the next row's dot
    String u = "sgdUpdateThenDot";
    for (float r : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      cases.add(bad(u + " r " + r, (k, f) -> k.sgdUpdateThenDot(r, f.x, 0, D, f.w, f.v, 0.1f, 0.9f, 0.01f, f.X, D), IAE, "r"));
    }
    cases.add(bad(u + " x null", (k, f) -> k.sgdUpdateThenDot(0.5f, null, 0, D, f.w, f.v, 0.1f, 0.9f, 0.01f, f.X, D), NPE, "x"));
    cases.add(bad(u + " w null", (k, f) -> k.sgdUpdateThenDot(0.5f, f.x, 0, D, null, f.v, 0.1f, 0.9f, 0.01f, f.X, D), NPE, "w"));
    cases.add(bad(u + " v null", (k, f) -> k.sgdUpdateThenDot(0.5f, f.x, 0, D, f.w, null, 0.1f, 0.9f, 0.01f, f.X, D), NPE, "v"));
    cases.add(bad(u + " next null", (k, f) -> k.sgdUpdateThenDot(0.5f, f.x, 0, D, f.w, f.v, 0.1f, 0.9f, 0.01f, null, D), NPE, "next"));
    cases.add(bad(u + " d = 0", (k, f) -> k.sgdUpdateThenDot(0.5f, f.x, 0, 0, f.w, f.v, 0.1f, 0.9f, 0.01f, f.X, D), IAE, "d"));
    cases.add(bad(u + " d < 0", (k, f) -> k.sgdUpdateThenDot(0.5f, f.x, 0, -2, f.w, f.v, 0.1f, 0.9f, 0.01f, f.X, D), IAE, "d"));
    cases.add(bad(u + " xOff < 0", (k, f) -> k.sgdUpdateThenDot(0.5f, f.x, -1, D, f.w, f.v, 0.1f, 0.9f, 0.01f, f.X, D), IOOBE, "x"));
    cases.add(bad(u + " xOff + d past x", (k, f) -> k.sgdUpdateThenDot(0.5f, f.x, 4, D, f.w, f.v, 0.1f, 0.9f, 0.01f, f.X, D), IOOBE, "x"));
    cases.add(bad(u + " w shorter than d", (k, f) -> k.sgdUpdateThenDot(0.5f, f.x, 0, D, f.wShort, f.v, 0.1f, 0.9f, 0.01f, f.X, D), IOOBE, "w"));
    cases.add(bad(u + " v shorter than d", (k, f) -> k.sgdUpdateThenDot(0.5f, f.x, 0, D, f.w, f.gShort, 0.1f, 0.9f, 0.01f, f.X, D), IOOBE, "v"));
    cases.add(bad(u + " nextOff < 0", (k, f) -> k.sgdUpdateThenDot(0.5f, f.x, 0, D, f.w, f.v, 0.1f, 0.9f, 0.01f, f.X, -1), IOOBE, "next"));
    cases.add(bad(u + " nextOff + d past next", (k, f) -> k.sgdUpdateThenDot(0.5f, f.x, 0, D, f.w, f.v, 0.1f, 0.9f, 0.01f, f.X, N * D - D + 1), IOOBE, "next"));
    cases.add(bad(u + " v == x", (k, f) -> k.sgdUpdateThenDot(0.5f, f.x, 0, D, f.w, f.x, 0.1f, 0.9f, 0.01f, f.X, D), IAE, "v", "x"));
    cases.add(bad(u + " v == w", (k, f) -> k.sgdUpdateThenDot(0.5f, f.x, 0, D, f.w, f.w, 0.1f, 0.9f, 0.01f, f.X, D), IAE, "v", "w"));
    cases.add(bad(u + " w == x", (k, f) -> k.sgdUpdateThenDot(0.5f, f.x, 0, D, f.x, f.v, 0.1f, 0.9f, 0.01f, f.X, D), IAE, "w", "x"));
    cases.add(bad(u + " next == w", (k, f) -> k.sgdUpdateThenDot(0.5f, f.x, 0, D, f.w, f.v, 0.1f, 0.9f, 0.01f, f.w, 0), IAE, "w", "next"));
    cases.add(bad(u + " next == v", (k, f) -> k.sgdUpdateThenDot(0.5f, f.x, 0, D, f.w, f.v, 0.1f, 0.9f, 0.01f, f.v, 0), IAE, "v", "next"));
    for (float lr : new float[] {0f, -0.1f, Float.NaN, Float.POSITIVE_INFINITY}) {
      cases.add(bad(u + " learningRate " + lr, (k, f) -> k.sgdUpdateThenDot(0.5f, f.x, 0, D, f.w, f.v, lr, 0.9f, 0.01f, f.X, D), IAE, "learningRate"));
    }
    for (float beta : new float[] {-0.1f, 1f, Float.NaN}) {
      cases.add(bad(u + " momentum " + beta, (k, f) -> k.sgdUpdateThenDot(0.5f, f.x, 0, D, f.w, f.v, 0.1f, beta, 0.01f, f.X, D), IAE, "momentum"));
    }
    for (float l2 : new float[] {-1e-3f, Float.NaN, Float.POSITIVE_INFINITY}) {
      cases.add(bad(u + " l2 " + l2, (k, f) -> k.sgdUpdateThenDot(0.5f, f.x, 0, D, f.w, f.v, 0.1f, 0.9f, l2, f.X, D), IAE, "l2"));
    }
    // ----- batch gradients, all four overloads
    for (int o = 0; o < 4; o++) {
      Batch bt = BATCH[o];
      String n = BATCH_NAMES[o];
      boolean logistic = o < 2;
      boolean withStats = o % 2 == 1;
      String labelsName = logistic ? "labels" : "targets";
      cases.add(bad(n + " X null", (k, f) -> bt.call(k, null, D, f.rows, f.from, M, f.labels, f.w, 0f, f.g, f.stats), NPE, "X"));
      cases.add(bad(n + " rows null", (k, f) -> bt.call(k, f.X, D, null, f.from, M, f.labels, f.w, 0f, f.g, f.stats), NPE, "rows"));
      cases.add(bad(n + " " + labelsName + " null", (k, f) -> bt.call(k, f.X, D, f.rows, f.from, M, null, f.w, 0f, f.g, f.stats), NPE, labelsName));
      cases.add(bad(n + " w null", (k, f) -> bt.call(k, f.X, D, f.rows, f.from, M, f.labels, null, 0f, f.g, f.stats), NPE, "w"));
      cases.add(bad(n + " g null", (k, f) -> bt.call(k, f.X, D, f.rows, f.from, M, f.labels, f.w, 0f, null, f.stats), NPE, "g"));
      cases.add(bad(n + " d = 0", (k, f) -> bt.call(k, f.X, 0, f.rows, f.from, M, f.labels, f.w, 0f, f.g, f.stats), IAE, "d"));
      cases.add(bad(n + " d < 0", (k, f) -> bt.call(k, f.X, -D, f.rows, f.from, M, f.labels, f.w, 0f, f.g, f.stats), IAE, "d"));
      cases.add(bad(n + " m = 0", (k, f) -> bt.call(k, f.X, D, f.rows, f.from, 0, f.labels, f.w, 0f, f.g, f.stats), IAE, "m"));
      cases.add(bad(n + " m < 0", (k, f) -> bt.call(k, f.X, D, f.rows, f.from, -1, f.labels, f.w, 0f, f.g, f.stats), IAE, "m"));
      cases.add(bad(n + " from < 0", (k, f) -> bt.call(k, f.X, D, f.rows, -1, M, f.labels, f.w, 0f, f.g, f.stats), IOOBE, "rows"));
      cases.add(bad(n + " from + m past rows", (k, f) -> bt.call(k, f.X, D, f.rows, f.rows.length - M + 1, M, f.labels, f.w, 0f, f.g, f.stats), IOOBE, "rows"));
      cases.add(bad(n + " from MAX_VALUE", (k, f) -> bt.call(k, f.X, D, f.rows, Integer.MAX_VALUE, M, f.labels, f.w, 0f, f.g, f.stats), IOOBE, "rows"));
      cases.add(bad(n + " m past rows", (k, f) -> bt.call(k, f.X, D, f.rows, 0, f.rows.length + 1, f.labels, f.w, 0f, f.g, f.stats), IOOBE, "rows"));
      cases.add(bad(n + " rows[first] < 0", f -> f.rows[f.from] = -1,
          (k, f) -> bt.call(k, f.X, D, f.rows, f.from, M, f.labels, f.w, 0f, f.g, f.stats), IOOBE, "rows"));
      cases.add(bad(n + " rows[last] = N (past X)", f -> f.rows[f.from + M - 1] = N,
          (k, f) -> bt.call(k, f.X, D, f.rows, f.from, M, f.labels, f.w, 0f, f.g, f.stats), IOOBE, "rows", "X"));
      cases.add(bad(n + " rows[last] = MIN_VALUE", f -> f.rows[f.from + M - 1] = Integer.MIN_VALUE,
          (k, f) -> bt.call(k, f.X, D, f.rows, f.from, M, f.labels, f.w, 0f, f.g, f.stats), IOOBE, "rows"));
      cases.add(bad(n + " rows[last] in the partial row of X", f -> f.rows[f.from + M - 1] = N,
          (k, f) -> bt.call(k, f.xPartial, D, f.rows, f.from, M, f.labels, f.w, 0f, f.g, f.stats), IOOBE, "rows", "X"));
      cases.add(bad(n + " rows[k] past " + labelsName, f -> f.rows[f.from + M - 1] = N - 1,
          (k, f) -> bt.call(k, f.X, D, f.rows, f.from, M, f.labelsShort, f.w, 0f, f.g, f.stats), IOOBE, "rows", labelsName));
      cases.add(bad(n + " w shorter than d", (k, f) -> bt.call(k, f.X, D, f.rows, f.from, M, f.labels, f.wShort, 0f, f.g, f.stats), IOOBE, "w"));
      cases.add(bad(n + " g shorter than d", (k, f) -> bt.call(k, f.X, D, f.rows, f.from, M, f.labels, f.w, 0f, f.gShort, f.stats), IOOBE, "g"));
      cases.add(bad(n + " g == X", (k, f) -> bt.call(k, f.X, D, f.rows, f.from, M, f.labels, f.w, 0f, f.X, f.stats), IAE, "g", "X"));
      cases.add(bad(n + " g == w", (k, f) -> bt.call(k, f.X, D, f.rows, f.from, M, f.labels, f.w, 0f, f.w, f.stats), IAE, "g", "w"));
      if (logistic) {
        for (float label : new float[] {-0.1f, 1.5f, -Float.MIN_VALUE, Math.nextUp(1f), Float.NaN,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
          // At the last batch position: the whole O(m) check must run before anything is written.
          cases.add(bad(n + " labels[rows[last]] = " + label, f -> f.labels[f.rows[f.from + M - 1]] = label,
              (k, f) -> bt.call(k, f.X, D, f.rows, f.from, M, f.labels, f.w, 0f, f.g, f.stats), IAE, "labels"));
        }
        cases.add(bad(n + " labels[rows[first]] = 2", f -> f.labels[f.rows[f.from]] = 2f,
            (k, f) -> bt.call(k, f.X, D, f.rows, f.from, M, f.labels, f.w, 0f, f.g, f.stats), IAE, "labels"));
      }
      if (withStats) {
        cases.add(bad(n + " stats null", (k, f) -> bt.call(k, f.X, D, f.rows, f.from, M, f.labels, f.w, 0f, f.g, null), NPE, "stats"));
        cases.add(bad(n + " stats empty", (k, f) -> bt.call(k, f.X, D, f.rows, f.from, M, f.labels, f.w, 0f, f.g, f.statsEmpty), IAE, "stats"));
        cases.add(bad(n + " stats == g", (k, f) -> bt.call(k, f.X, D, f.rows, f.from, M, f.labels, f.w, 0f, f.g, f.g), IAE, "stats", "g"));
      }
    }
    // ----- readAhead, without and with labels: the same row checks
    for (boolean withLabels : new boolean[] {false, true}) {
      String n = withLabels ? "readAhead with labels" : "readAhead";
      ReadAheadCall ra = withLabels
          ? (k, X, d, rows, from, m, labels) -> k.readAhead(X, d, rows, from, m, labels)
          : (k, X, d, rows, from, m, labels) -> k.readAhead(X, d, rows, from, m);
      cases.add(bad(n + " X null", (k, f) -> ra.call(k, null, D, f.rows, f.from, M, f.labels), NPE, "X"));
      cases.add(bad(n + " rows null", (k, f) -> ra.call(k, f.X, D, null, f.from, M, f.labels), NPE, "rows"));
      cases.add(bad(n + " d = 0", (k, f) -> ra.call(k, f.X, 0, f.rows, f.from, M, f.labels), IAE, "d"));
      cases.add(bad(n + " d < 0", (k, f) -> ra.call(k, f.X, -D, f.rows, f.from, M, f.labels), IAE, "d"));
      cases.add(bad(n + " m < 0", (k, f) -> ra.call(k, f.X, D, f.rows, f.from, -1, f.labels), IAE, "m"));
      cases.add(bad(n + " from < 0", (k, f) -> ra.call(k, f.X, D, f.rows, -1, M, f.labels), IOOBE, "rows"));
      cases.add(bad(n + " from + m past rows", (k, f) -> ra.call(k, f.X, D, f.rows, f.rows.length - M + 1, M, f.labels), IOOBE, "rows"));
      cases.add(bad(n + " from MAX_VALUE", (k, f) -> ra.call(k, f.X, D, f.rows, Integer.MAX_VALUE, 1, f.labels), IOOBE, "rows"));
      cases.add(bad(n + " rows[first] < 0", f -> f.rows[f.from] = -1,
          (k, f) -> ra.call(k, f.X, D, f.rows, f.from, M, f.labels), IOOBE, "rows"));
      cases.add(bad(n + " rows[last] in the partial row of X", f -> f.rows[f.from + M - 1] = N,
          (k, f) -> ra.call(k, f.xPartial, D, f.rows, f.from, M, f.labels), IOOBE, "rows", "X"));
      cases.add(bad(n + " rows[last] = MAX_VALUE, d = 1", f -> f.rows[f.from + M - 1] = Integer.MAX_VALUE,
          (k, f) -> ra.call(k, f.X, 1, f.rows, f.from, M, f.labels), IOOBE, "rows", "X"));
    }
    cases.add(bad("readAhead labels null", (k, f) -> k.readAhead(f.X, D, f.rows, f.from, M, null), NPE, "labels"));
    cases.add(bad("readAhead rows[last] past labels", f -> f.rows[f.from + M - 1] = N - 1,
        (k, f) -> k.readAhead(f.X, D, f.rows, f.from, M, f.labelsShort), IOOBE, "rows", "labels"));
    // Rows of d > 256 are not read, but their labels are: still checked against labels.
    cases.add(bad("readAhead d = 300, rows[last] past labels", (k, f) -> k.readAhead(new float[600], 300,
        new int[] {0, 1}, 0, 2, new float[1]), IOOBE, "rows", "labels"));
    // ----- momentumUpdate
    for (float lr : new float[] {0f, -0f, -0.1f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      cases.add(bad("momentumUpdate learningRate " + lr, (k, f) -> k.momentumUpdate(lr, 0.9f, 0.01f, f.g, f.v, f.w, D), IAE, "learningRate"));
    }
    for (float beta : new float[] {-0.1f, -Float.MIN_VALUE, 1f, 1.5f, Float.NaN, Float.POSITIVE_INFINITY}) {
      cases.add(bad("momentumUpdate momentum " + beta, (k, f) -> k.momentumUpdate(0.1f, beta, 0.01f, f.g, f.v, f.w, D), IAE, "momentum"));
    }
    for (float l2 : new float[] {-1e-3f, -Float.MIN_VALUE, Float.NaN, Float.POSITIVE_INFINITY}) {
      cases.add(bad("momentumUpdate l2 " + l2, (k, f) -> k.momentumUpdate(0.1f, 0.9f, l2, f.g, f.v, f.w, D), IAE, "l2"));
    }
    cases.add(bad("momentumUpdate g null", (k, f) -> k.momentumUpdate(0.1f, 0.9f, 0.01f, null, f.v, f.w, D), NPE, "g"));
    cases.add(bad("momentumUpdate v null", (k, f) -> k.momentumUpdate(0.1f, 0.9f, 0.01f, f.g, null, f.w, D), NPE, "v"));
    cases.add(bad("momentumUpdate w null", (k, f) -> k.momentumUpdate(0.1f, 0.9f, 0.01f, f.g, f.v, null, D), NPE, "w"));
    // d < 0 is reported as "length must be >= 0 for g, was -1": the message names the length and g.
    cases.add(bad("momentumUpdate d < 0", (k, f) -> k.momentumUpdate(0.1f, 0.9f, 0.01f, f.g, f.v, f.w, -1), IAE, "length"));
    cases.add(bad("momentumUpdate g shorter than d", (k, f) -> k.momentumUpdate(0.1f, 0.9f, 0.01f, f.gShort, f.v, f.w, D), IOOBE, "g"));
    cases.add(bad("momentumUpdate v shorter than d", (k, f) -> k.momentumUpdate(0.1f, 0.9f, 0.01f, f.g, f.gShort, f.w, D), IOOBE, "v"));
    cases.add(bad("momentumUpdate w shorter than d", (k, f) -> k.momentumUpdate(0.1f, 0.9f, 0.01f, f.g, f.v, f.wShort, D), IOOBE, "w"));
    cases.add(bad("momentumUpdate g == v", (k, f) -> k.momentumUpdate(0.1f, 0.9f, 0.01f, f.g, f.g, f.w, D), IAE, "g", "v"));
    cases.add(bad("momentumUpdate g == w", (k, f) -> k.momentumUpdate(0.1f, 0.9f, 0.01f, f.g, f.v, f.g, D), IAE, "g", "w"));
    cases.add(bad("momentumUpdate v == w", (k, f) -> k.momentumUpdate(0.1f, 0.9f, 0.01f, f.g, f.v, f.v, D), IAE, "v", "w"));
    cases.add(bad("momentumUpdate g == v == w", (k, f) -> k.momentumUpdate(0.1f, 0.9f, 0.01f, f.w, f.w, f.w, D), IAE, "g", "v"));
    return cases;
  }

  interface Step {
    float call(Kernels k, float[] x, int xOff, int d, float label, float[] w, float[] v,
        float learningRate, float momentum, float l2);
  }

  interface Example {
    float call(Kernels k, float[] x, int xOff, int d, float label, float[] w, float bias, float[] g);
  }

  @TestFactory
  Stream<DynamicContainer> everyBadInputThrowsNamesTheArgumentAndWritesNothing() {
    List<Bad> cases = cases();
    return Kernels.available().stream().map(k -> DynamicContainer.dynamicContainer(k.name(),
        cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(k, c)))));
  }

  static void check(Kernels k, Bad c) {
    F f = new F();
    c.setup().accept(f);
    Object[] before = deepCopy(f.buffers());
    RuntimeException e = assertThrows(RuntimeException.class, () -> c.call().accept(k, f),
        k.name() + " " + c.name() + ": no exception");
    if (e.getClass() != c.type()) {
      fail(k.name() + " " + c.name() + ": expected " + c.type().getSimpleName() + ", got " + e, e);
    }
    String message = e.getMessage();
    assertTrue(message != null && !message.isBlank(), k.name() + " " + c.name() + ": no message");
    for (String arg : c.argNames()) {
      assertTrue(names(message, arg), k.name() + " " + c.name() + ": message does not name '" + arg + "': " + message);
    }
    assertUnchanged(k.name() + " " + c.name(), before, f.buffers());
  }

  /** Whether {@code message} contains {@code name} as a word (not inside another identifier). */
  static boolean names(String message, String name) {
    return Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(name) + "(?![A-Za-z0-9_])").matcher(message).find();
  }

  static Object[] deepCopy(Object[] buffers) {
    Object[] copy = new Object[buffers.length];
    for (int i = 0; i < buffers.length; i++) {
      copy[i] = buffers[i] instanceof float[] fa ? fa.clone() : ((int[]) buffers[i]).clone();
    }
    return copy;
  }

  static void assertUnchanged(String what, Object[] before, Object[] after) {
    for (int i = 0; i < before.length; i++) {
      if (before[i] instanceof float[] fb) {
        float[] fa = (float[]) after[i];
        int[] bitsBefore = new int[fb.length];
        int[] bitsAfter = new int[fa.length];
        for (int j = 0; j < fb.length; j++) {
          bitsBefore[j] = Float.floatToRawIntBits(fb[j]);
        }
        for (int j = 0; j < fa.length; j++) {
          bitsAfter[j] = Float.floatToRawIntBits(fa[j]);
        }
        assertArrayEquals(bitsBefore, bitsAfter, what + ": buffer " + F.NAMES[i] + " changed by a rejected call");
      } else {
        assertArrayEquals((int[]) before[i], (int[]) after[i], what + ": buffer " + F.NAMES[i] + " changed by a rejected call");
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Controls: the unchanged-buffer check detects writes, and inputs on the edge of validity pass.

  static Stream<Kernels> widths() {
    return Kernels.available().stream();
  }

  /** The valid form of each call writes its outputs, so {@link #assertUnchanged} would see a write. */
  @ParameterizedTest
  @MethodSource("widths")
  void validCallsWriteTheirOutputs(Kernels k) {
    List<BiConsumer<Kernels, F>> valid = new ArrayList<>();
    valid.add((kk, f) -> kk.axpy(2f, f.x, 0, f.y, 3, D));
    valid.add((kk, f) -> kk.logisticGradient(f.x, 1, D, 1f, f.w, 0f, f.g));
    valid.add((kk, f) -> kk.squaredGradient(f.x, 2, D, 3f, f.w, 0f, f.g));
    for (Batch bt : BATCH) {
      valid.add((kk, f) -> bt.call(kk, f.X, D, f.rows, f.from, M, f.labels, f.w, 0f, f.g, f.stats));
    }
    valid.add((kk, f) -> kk.momentumUpdate(0.1f, 0.9f, 0.01f, f.g, f.v, f.w, D));
    valid.add((kk, f) -> kk.logisticSgdStep(f.x, 1, D, 1f, f.w, 0f, f.v, 0.1f, 0.9f, 0.01f));
    valid.add((kk, f) -> kk.squaredSgdStep(f.x, 2, D, 3f, f.w, 0f, f.v, 0.1f, 0f, 0f));
    valid.add((kk, f) -> kk.sgdUpdateThenDot(0.5f, f.x, 1, D, f.w, f.v, 0.1f, 0.9f, 0.01f, f.X, D));
    for (BiConsumer<Kernels, F> call : valid) {
      F f = new F();
      Object[] before = deepCopy(f.buffers());
      call.accept(k, f);
      assertThrows(AssertionError.class, () -> assertUnchanged("control", before, f.buffers()),
          k.name() + ": a valid call must change an output buffer");
    }
  }

  /**
   * Arguments on the edge of validity are accepted: empty ranges (n = 0, offset = length), x == y
   * at equal offsets, labels exactly 0 and 1, out-of-range labels of rows outside the batch,
   * rows[] entries outside [from, from+m), momentum 0, l2 0, a partial trailing row of X that no
   * batch row touches, NaN targets for the squared loss (the kernels do not scan data; the fused
   * step then returns NaN and writes nothing), both readAhead forms
   * on valid, empty and long rows (which write no buffer).
   */
  @ParameterizedTest
  @MethodSource("widths")
  void edgeOfValidityIsAccepted(Kernels k) {
    F f = new F();
    assertTrue(k.dot(f.a, 40, f.b, 40, 0) == 0f);
    k.axpy(2f, f.x, D + 3, f.y, 40, 0);
    k.axpy(2f, f.y, 3, f.y, 3, 5);
    k.axpy(2f, f.y, 0, f.y, 9, 0);
    f.labels[f.rows[f.from]] = 0f;
    f.labels[f.rows[f.from + 1]] = 1f;
    f.labels[0] = -5f; // dataset row 0 is not in the batch
    f.rows[0] = -1;
    f.rows[f.rows.length - 1] = Integer.MAX_VALUE;
    for (Batch bt : BATCH) {
      assertFalse(Float.isNaN(bt.call(k, f.X, D, f.rows, f.from, M, f.labels, f.w, 0f, f.g, f.stats)));
      assertFalse(Float.isNaN(bt.call(k, f.xPartial, D, f.rows, f.from, M, f.labels, f.w, 0f, f.g, f.stats)));
    }
    k.logisticGradient(f.x, 0, D, 0f, f.w, 0f, f.g);
    k.logisticGradient(f.x, 3, D, 1f, f.w, 0f, f.g);
    float[] targets = f.labels.clone();
    targets[f.rows[f.from]] = Float.NaN;
    assertTrue(Float.isNaN(k.squaredBatchGradient(f.X, D, f.rows, f.from, M, targets, f.w, 0f, f.g)));
    k.momentumUpdate(0.1f, 0f, 0f, f.g, f.v, f.w, D);
    k.momentumUpdate(Float.MIN_VALUE, Math.nextDown(1f), Float.MAX_VALUE, f.g, f.v, f.w, D);
    k.momentumUpdate(0.1f, 0.5f, 0f, f.g, f.v, f.w, 0);
    k.logisticSgdStep(f.x, 0, D, 0f, f.w, 0f, f.v, Float.MIN_VALUE, Math.nextDown(1f), Float.MAX_VALUE);
    k.logisticSgdStep(f.x, 3, D, 1f, f.w, 0f, f.v, 0.1f, 0f, 0f);
    Object[] beforeNaN = deepCopy(f.buffers());
    assertTrue(Float.isNaN(k.squaredSgdStep(f.x, 0, D, Float.NaN, f.w, 0f, f.v, 0.1f, 0.9f, 0f)));
    assertUnchanged(k.name() + " squaredSgdStep with a NaN residual", beforeNaN, f.buffers());
    k.sgdUpdateThenDot(0f, f.x, 0, D, f.w, f.v, 0.1f, 0f, 0f, f.x, 3); // next in x itself
    k.sgdUpdateThenDot(-Float.MAX_VALUE, f.x, 3, D, f.w, f.v, Float.MIN_VALUE, Math.nextDown(1f), Float.MAX_VALUE, f.X, N * D - D);
    Object[] before = deepCopy(f.buffers());
    k.readAhead(f.X, D, f.rows, f.from, M);
    k.readAhead(f.xPartial, D, f.rows, f.from, M);
    k.readAhead(f.X, D, f.rows, f.rows.length, 0);
    k.readAhead(f.X, 300, f.rows, 1, 0); // long rows: nothing to read, still checked
    k.readAhead(new float[300], 300, new int[] {0, 0}, 0, 2); // rows of d > 256: checked, not read
    k.readAhead(f.X, D, f.rows, f.from, M, f.labels);
    k.readAhead(f.xPartial, D, f.rows, f.from, M, f.labels);
    k.readAhead(f.X, D, f.rows, 5, 3, f.labelsShort); // rows 1, 2, 4: all inside the short labels
    k.readAhead(f.X, D, f.rows, f.rows.length, 0, new float[0]);
    k.readAhead(new float[300], 300, new int[] {0, 0}, 0, 2, new float[1]); // long rows: labels only
    assertUnchanged(k.name() + " readAhead", before, f.buffers());
  }

  /**
   * The batch gradients reject g == labels (or g == targets): the kernel overwrites g while later
   * rows still read their labels, so the call must fail before anything is written.
   */
  @ParameterizedTest
  @MethodSource("widths")
  void batchGradientRejectsGAliasingLabels(Kernels k) {
    for (int o = 0; o < 4; o++) {
      F f = new F();
      float[] labelsAndG = f.unit(D); // a valid label array (N <= D rows) that is also a valid g
      Batch bt = BATCH[o];
      Object[] before = deepCopy(new Object[] {labelsAndG, f.X, f.w, f.stats});
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> bt.call(k, f.X, D, f.rows, f.from, M, labelsAndG, f.w, 0f, labelsAndG, f.stats),
          k.name() + " " + BATCH_NAMES[o] + " accepted g == labels");
      assertTrue(names(e.getMessage(), "g"), e.getMessage());
      assertUnchanged(k.name() + " " + BATCH_NAMES[o], before, new Object[] {labelsAndG, f.X, f.w, f.stats});
    }
  }

  /** The static factory rejects widths other than 128, 256 and 512 with a message naming bits. */
  @org.junit.jupiter.api.Test
  void ofBitsRejectsUnsupportedWidths() {
    for (int bits : new int[] {0, -128, 32, 64, 100, 384, 1024, Integer.MAX_VALUE}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernels.ofBits(bits), "ofBits(" + bits + ")");
      assertTrue(names(e.getMessage(), "bits"), "ofBits(" + bits + "): " + e.getMessage());
    }
    for (Kernels k : Kernels.available()) {
      if (k.laneBits() >= 128) {
        assertTrue(Kernels.ofBits(k.laneBits()) == k, "ofBits(" + k.laneBits() + ") is the listed instance");
      }
    }
  }

  /** Sanity of the fixture itself: the arrays are pairwise distinct objects. */
  @org.junit.jupiter.api.Test
  void fixtureBuffersAreDistinct() {
    Object[] buffers = new F().buffers();
    for (int i = 0; i < buffers.length; i++) {
      for (int j = i + 1; j < buffers.length; j++) {
        assertFalse(buffers[i] == buffers[j], F.NAMES[i] + " and " + F.NAMES[j] + " are one array");
      }
    }
    assertTrue(Arrays.stream(F.NAMES).distinct().count() == buffers.length);
  }
}
