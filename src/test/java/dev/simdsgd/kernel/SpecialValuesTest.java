package dev.simdsgd.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Zeros, subnormals, huge values, ±Inf and NaN in the inputs: every width classifies the result
 * (NaN, +Inf, −Inf, finite) exactly as the scalar reference does, and finite results stay within
 * the oracle's bound. The kernels do not scan for NaN; it simply propagates.
 */
class SpecialValuesTest {
  private static final float[] SPECIALS = {
    0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL / 3, 1e30f, -1e30f,
    Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN
  };
  private static final List<Kernels> IMPLS = Kernels.available();

  @Test
  void dotClassifiesLikeTheReference() {
    SplittableRandom r = new SplittableRandom(17);
    for (int c = 0; c < 20_000; c++) {
      int n = 1 + r.nextInt(150);
      float[] a = new float[n];
      float[] b = new float[n];
      for (int i = 0; i < n; i++) {
        a[i] = (float) (2 * r.nextDouble() - 1);
        b[i] = (float) (2 * r.nextDouble() - 1);
      }
      int specials = 1 + r.nextInt(3);
      for (int s = 0; s < specials; s++) {
        (r.nextBoolean() ? a : b)[r.nextInt(n)] = SPECIALS[r.nextInt(SPECIALS.length)];
      }
      float reference = Kernels.scalar().dot(a, 0, b, 0, n);
      for (Kernels k : IMPLS) {
        float got = k.dot(a, 0, b, 0, n);
        assertEquals(kind(reference), kind(got), k.name() + " dot case " + c + ": " + reference + " vs " + got);
        if (kind(reference) == 0) {
          double bound = Oracle.dotBound(n, Oracle.absDot(a, 0, b, 0, n));
          assertEquals(Oracle.dot(a, 0, b, 0, n), got, bound, k.name() + " dot case " + c);
        }
      }
    }
  }

  @Test
  void batchGradientClassifiesLikeTheReference() {
    SplittableRandom r = new SplittableRandom(23);
    for (int c = 0; c < 5_000; c++) {
      int d = 1 + r.nextInt(70);
      int rows = 1 + r.nextInt(9);
      float[] X = new float[rows * d];
      for (int i = 0; i < X.length; i++) {
        X[i] = (float) (2 * r.nextDouble() - 1);
      }
      float[] w = new float[d];
      for (int j = 0; j < d; j++) {
        w[j] = (float) (2 * r.nextDouble() - 1);
      }
      float[] target = r.nextBoolean() ? X : w; // the special goes into the data or the weights
      target[r.nextInt(target.length)] = SPECIALS[r.nextInt(SPECIALS.length)];
      float[] labels = new float[rows];
      int[] order = new int[rows];
      for (int i = 0; i < rows; i++) {
        labels[i] = r.nextInt(2);
        order[i] = i;
      }
      boolean logistic = r.nextBoolean();
      float[] gRef = new float[d];
      float[] statsRef = new float[1];
      float biasRef = batch(Kernels.scalar(), logistic, X, d, order, labels, w, gRef, statsRef);
      for (Kernels k : IMPLS) {
        float[] g = new float[d];
        float[] stats = new float[1];
        float bias = batch(k, logistic, X, d, order, labels, w, g, stats);
        String what = k.name() + (logistic ? " logistic" : " squared") + " case " + c;
        assertEquals(kind(biasRef), kind(bias), what + " bias gradient " + biasRef + " vs " + bias);
        assertEquals(kind(statsRef[0]), kind(stats[0]), what + " loss " + statsRef[0] + " vs " + stats[0]);
        for (int j = 0; j < d; j++) {
          assertEquals(kind(gRef[j]), kind(g[j]), what + " g[" + j + "] " + gRef[j] + " vs " + g[j]);
        }
      }
    }
  }

  private static float batch(Kernels k, boolean logistic, float[] X, int d, int[] rows, float[] labels, float[] w,
      float[] g, float[] stats) {
    return logistic
        ? k.logisticBatchGradient(X, d, rows, 0, rows.length, labels, w, 0.5f, g, stats)
        : k.squaredBatchGradient(X, d, rows, 0, rows.length, labels, w, 0.5f, g, stats);
  }

  /** 0 finite, 1 NaN, 2 +Inf, 3 −Inf. */
  private static int kind(float f) {
    if (Float.isNaN(f)) {
      return 1;
    }
    if (f == Float.POSITIVE_INFINITY) {
      return 2;
    }
    return f == Float.NEGATIVE_INFINITY ? 3 : 0;
  }
}
