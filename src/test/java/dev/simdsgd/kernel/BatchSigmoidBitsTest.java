package dev.simdsgd.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The batch kernels compute the σ of a block of eight rows as two 4-lane vector σ; they must give
 * the same bits as the scalar {@link Logistic#residual} for every z. A batch of eight equal rows of
 * one feature (x = z, w = 1, bias 0) returns exactly σ(z) − y: the eight residuals sum exactly in
 * double and the division by 8 is exact.
 */
class BatchSigmoidBitsTest {
  private static final float[] LABELS = {0f, 1f, 0.3f};

  private static List<Float> zValues() {
    List<Float> z = new ArrayList<>();
    float[] special = {
      0f, Float.MIN_VALUE, Float.MIN_NORMAL, 1e-30f, 1e-8f, 0.5f, 1f, 2f, 0.34657359f, 0.6931472f,
      10f, 15.9424f, 16.6355f, 50f, 87.33655f, 88.7f, 103.9f, 103.99999f, 104f, 104.00001f, 105f,
      1e6f, Float.MAX_VALUE, Float.POSITIVE_INFINITY
    };
    for (float v : special) {
      z.add(v);
      z.add(-v);
    }
    SplittableRandom random = new SplittableRandom(20261124);
    for (int i = 0; i < 20_000; i++) {
      z.add((float) ((random.nextDouble() * 2 - 1) * 110)); // across the whole unsaturated range
    }
    for (int i = 0; i < 5_000; i++) {
      z.add(Float.intBitsToFloat(random.nextInt())); // any bit pattern: tiny, huge, NaN
    }
    return z;
  }

  @ParameterizedTest
  @ValueSource(ints = {128, 256, 512})
  void eightRowSigmoidMatchesTheScalarResidualBitForBit(int bits) {
    assumeTrue(Kernels.available().stream().anyMatch(k -> k.laneBits() == bits),
        bits + "-bit vectors do not run natively in this JVM");
    Kernels kernels = Kernels.ofBits(bits);
    float[] w = {1f};
    int[] rows = {0, 1, 2, 3, 4, 5, 6, 7};
    float[] g = new float[1];
    int checked = 0;
    for (float z : zValues()) {
      float[] x = {z, z, z, z, z, z, z, z};
      for (float y : LABELS) {
        float got = kernels.logisticBatchGradient(x, 1, rows, 0, 8, new float[] {y, y, y, y, y, y, y, y}, w, 0f, g);
        float want = Logistic.residual(z + 0f, y); // the kernel's z is 0 + x·w: -0 becomes +0
        if (Float.isNaN(want)) {
          assertTrue(Float.isNaN(got), kernels.name() + ": z = " + z + ", y = " + y + " gave " + got);
        } else {
          assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got),
              () -> kernels.name() + ": z = " + z + ", y = " + y + ": want " + want + ", got " + got);
        }
        checked++;
      }
    }
    assertTrue(checked > 75_000, "checked only " + checked);
  }
}
