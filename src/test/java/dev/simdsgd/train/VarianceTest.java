package dev.simdsgd.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simdsgd.data.Dataset;
import dev.simdsgd.data.Synthetic;
import dev.simdsgd.kernel.Kernels;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.descriptive.moment.Variance;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.junit.jupiter.api.Test;

/**
 * Variance of the mini-batch gradient scales as σ²/m. Batches of m rows are drawn uniformly
 * with replacement, so ĝ is the mean of m i.i.d. draws of the per-example gradient G and, exactly,
 * Var(ĝ) = σ²/m, where σ² is the population variance of G over the dataset, computed here in
 * double from the per-example gradients (an oracle independent of the kernels).
 *
 * <p>Tolerance, per m and component: K batches give a sample variance s² (commons-math3
 * {@link Variance}, bias-corrected) whose standard error is √((μ₄,ₘ − (σ²/m)²)/K), with μ₄,ₘ =
 * μ₄/m³ + 3(m−1)σ⁴/m³ the fourth central moment of a mean of m draws (μ₄ also computed from the
 * dataset). The test allows 5 standard errors (a false failure has probability below 1e-6 under
 * the normal approximation, and the seed is fixed anyway). The slope of log s² against log m
 * (commons-math3 {@link SimpleRegression}) must be −1 within 5 of its propagated standard errors.
 */
class VarianceTest {
  private static final int N = 2000;
  private static final int D = 3;
  private static final int K = 20_000;
  private static final int[] BATCH_SIZES = {1, 4, 16, 64};

  @Test
  void varianceOfTheBatchGradientIsSigmaSquaredOverM() {
    Dataset data = Synthetic.logistic(N, D, 11).data();
    float[] w = {0.3f, -0.2f, 0.5f};
    float b = 0.1f;
    SgdTrainer trainer = new SgdTrainer(data, TrainOptions.builder()
        .loss(Loss.LOGISTIC).kernels(Kernels.preferred()).initialWeights(w, b).build());

    // Population moments of the per-example gradient G = r·x, per component, in double.
    double[][] perExample = new double[D][N];
    for (int i = 0; i < N; i++) {
      double z = b;
      for (int j = 0; j < D; j++) {
        z += w[j] * (double) data.x()[i * D + j];
      }
      double r = 1 / (1 + Math.exp(-z)) - data.labels()[i];
      for (int j = 0; j < D; j++) {
        perExample[j][i] = r * data.x()[i * D + j];
      }
    }
    double[] sigma2 = new double[D];
    double[] mu4 = new double[D];
    for (int j = 0; j < D; j++) {
      double mean = 0;
      for (double v : perExample[j]) {
        mean += v / N;
      }
      for (double v : perExample[j]) {
        sigma2[j] += (v - mean) * (v - mean) / N;
        mu4[j] += Math.pow(v - mean, 4) / N;
      }
    }

    SplittableRandom rng = new SplittableRandom(2024);
    float[] g = new float[D];
    double[][] logVar = new double[D][BATCH_SIZES.length];
    double[][] relSe = new double[D][BATCH_SIZES.length];
    for (int s = 0; s < BATCH_SIZES.length; s++) {
      int m = BATCH_SIZES[s];
      int[] rows = new int[m];
      double[][] samples = new double[D][K];
      for (int k = 0; k < K; k++) {
        for (int i = 0; i < m; i++) {
          rows[i] = rng.nextInt(N);
        }
        trainer.gradient(rows, 0, m, g);
        for (int j = 0; j < D; j++) {
          samples[j][k] = g[j];
        }
      }
      for (int j = 0; j < D; j++) {
        double measured = new Variance(true).evaluate(samples[j]);
        double expected = sigma2[j] / m;
        double mu4m = mu4[j] / ((double) m * m * m) + 3.0 * (m - 1) * sigma2[j] * sigma2[j] / ((double) m * m * m);
        double se = Math.sqrt((mu4m - expected * expected) / K);
        assertEquals(expected, measured, 5 * se,
            "m=" + m + ", component " + j + ": Var(ĝ) should be σ²/m = " + expected);
        logVar[j][s] = Math.log(measured);
        relSe[j][s] = se / expected;
      }
    }
    for (int j = 0; j < D; j++) {
      SimpleRegression fit = new SimpleRegression();
      double meanX = 0;
      for (int m : BATCH_SIZES) {
        meanX += Math.log(m) / BATCH_SIZES.length;
      }
      double sxx = 0;
      double varNumerator = 0;
      for (int s = 0; s < BATCH_SIZES.length; s++) {
        double xs = Math.log(BATCH_SIZES[s]);
        fit.addData(xs, logVar[j][s]);
        sxx += (xs - meanX) * (xs - meanX);
        varNumerator += (xs - meanX) * (xs - meanX) * relSe[j][s] * relSe[j][s];
      }
      double slopeSe = Math.sqrt(varNumerator) / sxx;
      assertEquals(-1.0, fit.getSlope(), 5 * slopeSe, "component " + j + ": log Var(ĝ) vs log m");
      assertTrue(slopeSe < 0.05, "the test must be able to tell slope -1 from -0.75: se " + slopeSe);
    }
  }
}
