package dev.simdsgd.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.junit.jupiter.api.Test;

/** Standardization: mean 0 and population std 1 per column (checked with commons-math3); constant columns keep scale 1. */
class FeatureScalingTest {

  @Test
  void standardizesToMeanZeroAndPopulationStdOne() {
    int n = 500;
    int d = 3;
    float[] x = new float[n * d];
    for (int i = 0; i < n; i++) {
      x[i * d] = 1000f + (i % 7);           // large offset: must not cancel
      x[i * d + 1] = (float) Math.sin(i) * 3;
      x[i * d + 2] = 4f;                     // zero variance
    }
    Dataset data = new Dataset(x, new float[n], d);
    FeatureScaling s = FeatureScaling.fit(data);
    for (int j = 0; j < 2; j++) {
      double[] col = column(data, j);
      assertEquals(new Mean().evaluate(col), s.mean()[j], 1e-4 * Math.abs(new Mean().evaluate(col)) + 1e-6);
      assertEquals(new StandardDeviation(false).evaluate(col), s.scale()[j], 1e-5);
    }
    assertEquals(4f, s.mean()[2]);
    assertEquals(1f, s.scale()[2], "a zero-variance column keeps scale 1");

    Dataset scaled = s.apply(data);
    for (int j = 0; j < d; j++) {
      double[] col = column(scaled, j);
      // The mean is stored as a float: it is off by up to half an ulp, that is ulp/2/scale after scaling.
      double tol = Math.ulp(s.mean()[j]) / s.scale()[j] + 1e-6;
      assertEquals(0, new Mean().evaluate(col), tol, "column " + j);
      assertEquals(j == 2 ? 0 : 1, new StandardDeviation(false).evaluate(col), 1e-5, "column " + j);
    }
  }

  private static double[] column(Dataset data, int j) {
    double[] c = new double[data.rows()];
    for (int i = 0; i < c.length; i++) {
      c[i] = data.x()[i * data.features() + j];
    }
    return c;
  }
}
