package dev.simdsgd.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seed's worked numbers, computed by the kernels at every width, with no intercept: 1-D least
 * squares on (x=1, y=2), (x=2, y=0) with η = 0.1 from w = 0.
 */
class SeedExamplesTest {
  private static final float[] X = {1f, 2f};
  private static final float[] Y = {2f, 0f};
  private static final float TOLERANCE = 1e-6f;

  static Iterable<Kernels> kernels() {
    return Kernels.available();
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void workedExample1SingleExampleSteps(Kernels k) {
    float[] w = {0f};
    float[] v = {0f};
    float[] g = {0f};
    int[] order = {0, 1, 0}; // examples 1, 2, 1
    float[] expectedGradient = {-2f, 0.8f, -1.88f};
    float[] expectedWeight = {0.2f, 0.12f, 0.308f};
    for (int t = 0; t < order.length; t++) {
      float biasGradient = k.squaredBatchGradient(X, 1, order, t, 1, Y, w, 0f, g);
      assertEquals(expectedGradient[t], g[0], TOLERANCE, "ĝ at step " + t);
      assertEquals(expectedGradient[t] / X[order[t]], biasGradient, TOLERANCE, "residual at step " + t);
      k.momentumUpdate(0.1f, 0f, 0f, g, v, w, 1);
      assertEquals(expectedWeight[t], w[0], TOLERANCE, "w after step " + t);
    }
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void workedExample1FullGradientAtW012(Kernels k) {
    float[] g = {Float.NaN};
    float[] stats = {0f};
    k.squaredBatchGradient(X, 1, new int[] {0, 1}, 0, 2, Y, new float[] {0.12f}, 0f, g, stats);
    assertEquals(-0.70f, g[0], TOLERANCE);
    // L(0.12) = ¼ Σ (w xᵢ − yᵢ)² = ¼ (1.88² + 0.24²)
    assertEquals(0.25f * (1.88f * 1.88f + 0.24f * 0.24f), stats[0], TOLERANCE);
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void practiceMiniBatchGradientAtZero(Kernels k) {
    float[] g = {Float.NaN};
    k.squaredBatchGradient(new float[] {1f, 3f}, 1, new int[] {0, 1}, 0, 2, new float[] {2f, 1f}, new float[] {0f}, 0f, g);
    assertEquals(-2.5f, g[0], 0f); // (−2 − 3)/2, exact in float
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void perExampleGradientMatchesTheStepByHand(Kernels k) {
    float[] g = {0f};
    float r = k.squaredGradient(X, 1, 1, Y[1], new float[] {0.2f}, 0f, g);
    assertEquals(0.4f, r, TOLERANCE);
    assertEquals(0.8f, g[0], TOLERANCE);
  }
}
