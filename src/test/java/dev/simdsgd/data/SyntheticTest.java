package dev.simdsgd.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.Test;

/** Synthetic generators: seeded, and generated from the parameters they report. */
class SyntheticTest {

  @Test
  void sameSeedSameProblem() {
    assertArrayEquals(Synthetic.logistic(50, 3, 4).data().x(), Synthetic.logistic(50, 3, 4).data().x());
    assertArrayEquals(Synthetic.logistic(50, 3, 4).data().labels(), Synthetic.logistic(50, 3, 4).data().labels());
    assertTrue(!java.util.Arrays.equals(Synthetic.linear(50, 3, 1, 4).data().x(), Synthetic.linear(50, 3, 1, 5).data().x()));
  }

  @Test
  void linearProblemRecoversItsTrueParameters() {
    Synthetic.Problem p = Synthetic.linear(20_000, 4, 0.5, 3);
    double[][] x = new double[20_000][4];
    double[] y = new double[20_000];
    for (int i = 0; i < y.length; i++) {
      for (int j = 0; j < 4; j++) {
        x[i][j] = p.data().x()[i * 4 + j];
      }
      y[i] = p.data().labels()[i];
    }
    OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
    ols.newSampleData(y, x);
    double[] beta = ols.estimateRegressionParameters();
    // Standard error of each coefficient is about σ/√N = 0.0035; allow 5 of them.
    assertEquals(p.trueBias(), beta[0], 0.02);
    for (int j = 0; j < 4; j++) {
      assertEquals(p.trueWeights()[j], beta[j + 1], 0.02);
    }
    assertEquals(0.25, ols.estimateErrorVariance(), 0.01);
  }

  @Test
  void logisticLabelsAreBernoulliOfTheTrueModel() {
    Synthetic.Problem p = Synthetic.logistic(20_000, 4, 8);
    double sumP = 0;
    double sumY = 0;
    for (int i = 0; i < 20_000; i++) {
      double z = p.trueBias();
      for (int j = 0; j < 4; j++) {
        z += p.trueWeights()[j] * p.data().x()[i * 4 + j];
      }
      sumP += 1 / (1 + Math.exp(-z));
      float y = p.data().labels()[i];
      assertTrue(y == 0f || y == 1f);
      sumY += y;
    }
    // Σy − Σp has standard deviation at most √(N/4) = 71; allow 5 of them.
    assertEquals(sumP, sumY, 5 * 71);
  }
}
