package dev.simdsgd.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.simdsgd.kernel.KernelPropertiesTest.AxpyCase;
import dev.simdsgd.kernel.KernelPropertiesTest.BatchCase;
import dev.simdsgd.kernel.KernelPropertiesTest.Dist;
import dev.simdsgd.kernel.KernelPropertiesTest.DotCase;
import dev.simdsgd.kernel.KernelPropertiesTest.ExampleCase;
import dev.simdsgd.kernel.KernelPropertiesTest.MomentumCase;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The checks of {@link KernelPropertiesTest} can fail: each runs here against deliberately broken
 * kernels (a real vector width with one small defect) on 60 fixed cases of normal and mixed-sign
 * data, and must reject every mutant, while the unbroken width passes the same cases. This shows
 * that the derived error bounds are tight enough to see a dropped element, a residual or
 * gradient off by 1e-4, a wrong 1/m, a missing L2 term, or a write past the range.
 */
class KernelPropertiesMutantTest {

  static final Kernels REAL = Kernels.available().get(Kernels.available().size() - 1);

  /** Delegates everything to {@link #REAL}; a mutant overrides one method. */
  abstract static class Delegating extends DelegatingKernels {
    Delegating() {
      super(REAL);
    }

    @Override
    public String name() {
      return "mutant-of-" + REAL.name();
    }
  }

  /** 60 fixed cases: lengths 1..300, offsets 0..7, NORMAL and MIXED_SIGNS data. */
  static <T> void forCases(java.util.function.Function<SplittableRandom, T> make, Consumer<T> check) {
    SplittableRandom r = new SplittableRandom(314);
    for (int i = 0; i < 60; i++) {
      check.accept(make.apply(r));
    }
  }

  static Dist dist(SplittableRandom r) {
    return r.nextBoolean() ? Dist.NORMAL : Dist.MIXED_SIGNS;
  }

  static DotCase dotCase(SplittableRandom r) {
    return new DotCase(r.nextInt(1, 300), r.nextInt(8), r.nextInt(8), dist(r), r.nextLong());
  }

  static AxpyCase axpyCase(SplittableRandom r) {
    return new AxpyCase(r.nextInt(1, 300), r.nextInt(8), r.nextInt(8), dist(r), r.nextLong());
  }

  static ExampleCase exampleCase(SplittableRandom r) {
    return new ExampleCase(r.nextInt(1, 300), r.nextInt(8), r.nextInt(3), dist(r), r.nextLong());
  }

  static BatchCase batchCase(SplittableRandom r) {
    return new BatchCase(r.nextInt(1, 120), r.nextInt(1, 20), r.nextInt(4), r.nextInt(3), dist(r), r.nextLong());
  }

  static MomentumCase momentumCase(SplittableRandom r) {
    return new MomentumCase(r.nextInt(1, 300), r.nextInt(3), dist(r), r.nextLong());
  }

  /** The check passes with the real kernels on every case and rejects the mutant on at least one. */
  static <T> void assertRejected(String mutantName, Kernels mutant, java.util.function.Function<SplittableRandom, T> make,
      java.util.function.BiConsumer<T, List<Kernels>> check) {
    forCases(make, c -> check.accept(c, List.of(REAL)));
    int[] rejected = {0};
    forCases(make, c -> {
      try {
        check.accept(c, List.of(mutant));
      } catch (AssertionError expected) {
        rejected[0]++;
      }
    });
    if (rejected[0] == 0) {
      fail("the property check accepted the mutant '" + mutantName + "' on all 60 cases");
    }
    assertTrue(rejected[0] > 0);
  }

  @Test
  void dotMutantsAreRejected() {
    assertRejected("dot drops the last element", new Delegating() {
      @Override
      public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        return REAL.dot(a, aOff, b, bOff, n - 1);
      }
    }, KernelPropertiesMutantTest::dotCase, KernelPropertiesTest::checkDot);
    assertRejected("dot off by 2^-12 relative", new Delegating() {
      @Override
      public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        return REAL.dot(a, aOff, b, bOff, n) * (1 + 0x1p-12f);
      }
    }, KernelPropertiesMutantTest::dotCase, KernelPropertiesTest::checkDot);
  }

  @Test
  void axpyMutantsAreRejected() {
    assertRejected("axpy writes one element past its range", new Delegating() {
      @Override
      public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        REAL.axpy(alpha, x, xOff, y, yOff, n);
        if (yOff + n < y.length) {
          y[yOff + n] += 1f;
        }
      }
    }, KernelPropertiesMutantTest::axpyCase, KernelPropertiesTest::checkAxpy);
    assertRejected("axpy skips the last element", new Delegating() {
      @Override
      public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        REAL.axpy(alpha, x, xOff, y, yOff, n - 1);
      }
    }, KernelPropertiesMutantTest::axpyCase, KernelPropertiesTest::checkAxpy);
  }

  @Test
  void exampleGradientMutantsAreRejected() {
    assertRejected("logistic label off by 1e-4", new Delegating() {
      @Override
      public float logisticGradient(float[] x, int xOff, int d, float label, float[] w, float bias, float[] g) {
        return REAL.logisticGradient(x, xOff, d, label == 1f ? 1f - 1e-4f : label + 1e-4f, w, bias, g);
      }
    }, KernelPropertiesMutantTest::exampleCase, (c, k) -> KernelPropertiesTest.checkExample(true, c, k));
    assertRejected("squared gradient ignores the bias", new Delegating() {
      @Override
      public float squaredGradient(float[] x, int xOff, int d, float target, float[] w, float bias, float[] g) {
        return REAL.squaredGradient(x, xOff, d, target, w, 0f, g);
      }
    }, KernelPropertiesMutantTest::exampleCase, (c, k) -> KernelPropertiesTest.checkExample(false, c, k));
  }

  @Test
  void batchGradientMutantsAreRejected() {
    assertRejected("logistic batch divides by m + 1", new Delegating() {
      @Override
      public float logisticBatchGradient(float[] X, int d, int[] rows, int from, int m, float[] labels, float[] w,
          float bias, float[] g, float[] stats) {
        float b = REAL.logisticBatchGradient(X, d, rows, from, m, labels, w, bias, g, stats);
        for (int j = 0; j < d; j++) {
          g[j] = g[j] * m / (m + 1);
        }
        return b;
      }
    }, KernelPropertiesMutantTest::batchCase, (c, k) -> KernelPropertiesTest.checkBatch(true, c, k));
    assertRejected("squared batch mean loss off by 1e-3 relative", new Delegating() {
      @Override
      public float squaredBatchGradient(float[] X, int d, int[] rows, int from, int m, float[] targets, float[] w,
          float bias, float[] g, float[] stats) {
        float b = REAL.squaredBatchGradient(X, d, rows, from, m, targets, w, bias, g, stats);
        stats[0] *= 1.001f;
        return b;
      }
    }, KernelPropertiesMutantTest::batchCase, (c, k) -> KernelPropertiesTest.checkBatch(false, c, k));
    assertRejected("logistic batch skips the last row", new Delegating() {
      @Override
      public float logisticBatchGradient(float[] X, int d, int[] rows, int from, int m, float[] labels, float[] w,
          float bias, float[] g) {
        return m == 1 ? REAL.logisticBatchGradient(X, d, rows, from, m, labels, w, bias, g)
            : REAL.logisticBatchGradient(X, d, rows, from, m - 1, labels, w, bias, g);
      }
    }, KernelPropertiesMutantTest::batchCase, (c, k) -> KernelPropertiesTest.checkBatch(true, c, k));
  }

  @Test
  void momentumMutantsAreRejected() {
    assertRejected("momentumUpdate drops the L2 term", new Delegating() {
      @Override
      public void momentumUpdate(float learningRate, float momentum, float l2, float[] g, float[] v, float[] w, int d) {
        REAL.momentumUpdate(learningRate, momentum, 0f, g, v, w, d);
      }
    }, KernelPropertiesMutantTest::momentumCase, KernelPropertiesTest::checkMomentum);
  }
}
