package dev.simdsgd.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.simdsgd.data.Dataset;
import dev.simdsgd.kernel.Kernels;
import java.util.SplittableRandom;
import org.apache.commons.math3.util.CombinatoricsUtils;
import org.junit.jupiter.api.Test;

/**
 * Unbiasedness of the mini-batch gradient: over every batch of size m (all C(N, m) subsets) of a
 * small dataset, the mean of ĝ equals the full gradient ∇L(w) + λw, computed independently in
 * double precision. The tolerance is float rounding: each ĝ component is a float sum of m terms
 * then a division, so its error is below about (m + 2)·ε·(mean |rᵢxᵢ| + λ|w|) with ε = 2⁻²⁴; the
 * test allows 8·(m + 2)·ε times that scale.
 */
class UnbiasednessTest {
  private static final int N = 10;
  private static final int D = 3;

  @Test
  void meanOfAllBatchGradientsIsTheFullGradient() {
    SplittableRandom rng = new SplittableRandom(7);
    float[] x = new float[N * D];
    float[] yLog = new float[N];
    float[] ySq = new float[N];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    for (int i = 0; i < N; i++) {
      yLog[i] = rng.nextBoolean() ? 1f : 0f;
      ySq[i] = (float) (3 * rng.nextGaussian());
    }
    float[] w0 = {0.7f, -1.3f, 0.4f};
    float b0 = 0.25f;
    for (Loss loss : Loss.values()) {
      Dataset data = new Dataset(x, loss == Loss.LOGISTIC ? yLog : ySq, D);
      for (double l2 : new double[] {0.0, 0.3}) {
        for (int m = 1; m <= 4; m++) {
          check(data, loss, l2, m, w0, b0);
        }
      }
    }
  }

  private static void check(Dataset data, Loss loss, double l2, int m, float[] w0, float b0) {
    SgdTrainer trainer = new SgdTrainer(data, TrainOptions.builder()
        .loss(loss).l2(l2).kernels(Kernels.preferred()).initialWeights(w0, b0).build());
    double[] sum = new double[D];
    double sumBias = 0;
    long count = 0;
    float[] g = new float[D];
    for (int[] batch : (Iterable<int[]>) () -> CombinatoricsUtils.combinationsIterator(N, m)) {
      sumBias += trainer.gradient(batch, 0, m, g);
      for (int j = 0; j < D; j++) {
        sum[j] += g[j];
      }
      count++;
    }
    assertEquals(CombinatoricsUtils.binomialCoefficient(N, m), count);

    // Independent oracle: ∇L = (1/N)·Σ rᵢxᵢ + λw, in double.
    float[] x = data.x();
    float[] y = data.labels();
    double[] full = new double[D];
    double fullBias = 0;
    double scale = 0;
    double rScale = 0;
    for (int i = 0; i < N; i++) {
      double z = b0;
      for (int j = 0; j < D; j++) {
        z += (double) w0[j] * x[i * D + j];
      }
      double r = loss == Loss.LOGISTIC ? 1 / (1 + Math.exp(-z)) - y[i] : z - y[i];
      fullBias += r / N;
      rScale = Math.max(rScale, Math.abs(r));
      for (int j = 0; j < D; j++) {
        full[j] += r * x[i * D + j] / N;
        scale = Math.max(scale, Math.abs(r * x[i * D + j]));
      }
    }
    double eps = Math.ulp(1f);
    for (int j = 0; j < D; j++) {
      full[j] += l2 * w0[j];
      double tol = 8 * (m + 2) * eps * (scale + l2 * Math.abs(w0[j]));
      assertEquals(full[j], sum[j] / count, tol, loss + " l2=" + l2 + " m=" + m + " component " + j);
    }
    assertEquals(fullBias, sumBias / count, 8 * (m + 2) * eps * rScale, loss + " bias, m=" + m);
  }
}
