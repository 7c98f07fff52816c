package dev.simdsgd.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simdsgd.data.Dataset;
import dev.simdsgd.data.Synthetic;
import dev.simdsgd.kernel.Kernels;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.Test;

/**
 * Convergence to the exact optimum of the same objective, F(w, b) = (1/N)·Σ ℓᵢ + (λ/2)‖w‖² with
 * the intercept unpenalized, computed independently with commons-math3: Newton / IRLS for the
 * logistic loss, {@link OLSMultipleLinearRegression} for least squares at λ = 0 and the ridge
 * normal equations at λ &gt; 0. SGD with a decaying schedule must reach F within 1e-3 (relative) of
 * the optimum. The parameters must also be close: for a quadratic F, F − F* = ½ΔᵀHΔ ≥ ½·λmin(H)·‖Δ‖²,
 * so ‖Δ‖ ≤ √(2(F − F*)/λmin(H)), checked with the measured gap (for logistic with a 2x margin for
 * the curvature's variation near the optimum).
 */
class ConvergenceTest {
  private static final int N = 2000;
  private static final int D = 5;

  @Test
  void logisticWithL2ReachesTheNewtonOptimum() {
    double l2 = 0.01;
    Dataset data = Synthetic.logistic(N, D, 5).data();
    double[] optimum = newtonLogistic(data, l2);
    double fStar = objective(data, Loss.LOGISTIC, l2, optimum);
    // The oracle really is a stationary point: its gradient is ~0.
    assertTrue(gradientNorm(data, l2, optimum) < 1e-10, "Newton did not converge");

    TrainOptions options = TrainOptions.builder()
        .loss(Loss.LOGISTIC).l2(l2).batchSize(32).epochs(40).seed(3).kernels(Kernels.preferred())
        .schedule(LearningRateSchedule.cosine(0.5, 0.0)).momentum(0.5).build();
    TrainingResult result = new SgdTrainer(data, options).train();
    double f = objective(data, Loss.LOGISTIC, l2, params(result.model()));
    assertTrue(f >= fStar - 1e-9, "SGD beat the exact optimum, so the oracle is wrong: " + f + " < " + fStar);
    assertEquals(fStar, f, 1e-3 * fStar, "objective after SGD vs Newton optimum " + fStar);
    // The trainer's own epoch-end objective agrees with the oracle's evaluation (float vs double).
    assertEquals(f, result.history().last().objective(), 1e-5 * f);
    checkParameters(data, l2, optimum, params(result.model()), f - fStar, 2.0);
  }

  @Test
  void squaredLossMatchesOrdinaryLeastSquares() {
    Dataset data = Synthetic.linear(N, D, 0.5, 8).data();
    double[][] x = new double[N][D];
    double[] y = new double[N];
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < D; j++) {
        x[i][j] = data.x()[i * D + j];
      }
      y[i] = data.labels()[i];
    }
    OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
    ols.newSampleData(y, x);
    double[] beta = ols.estimateRegressionParameters(); // intercept first
    double[] optimum = new double[D + 1];
    System.arraycopy(beta, 1, optimum, 0, D);
    optimum[D] = beta[0];
    double fStar = objective(data, Loss.SQUARED, 0, optimum);
    // OLS's residual sum of squares is 2N·F*.
    assertEquals(ols.calculateResidualSumOfSquares() / (2 * N), fStar, 1e-9);

    TrainOptions options = TrainOptions.builder()
        .loss(Loss.SQUARED).batchSize(32).epochs(40).seed(4).kernels(Kernels.preferred())
        .schedule(LearningRateSchedule.withWarmup(50, LearningRateSchedule.cosine(0.05, 0.0))).momentum(0.8)
        .build();
    TrainingResult result = new SgdTrainer(data, options).train();
    double f = objective(data, Loss.SQUARED, 0, params(result.model()));
    assertTrue(f >= fStar - 1e-9, "SGD beat the OLS optimum: " + f + " < " + fStar);
    assertEquals(fStar, f, 1e-3 * fStar, "objective after SGD vs OLS optimum " + fStar);
    checkParameters(data, 0, optimum, params(result.model()), f - fStar, 1.0);
  }

  @Test
  void squaredLossWithL2MatchesClosedFormRidge() {
    double l2 = 0.1;
    Dataset data = Synthetic.linear(N, D, 0.5, 9).data();
    // Unpenalized intercept: centre X and y, solve (XcᵀXc/N + λI) w = Xcᵀyc/N, b = ȳ − x̄·w.
    double[] meanX = new double[D];
    double meanY = 0;
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < D; j++) {
        meanX[j] += data.x()[i * D + j] / (double) N;
      }
      meanY += data.labels()[i] / (double) N;
    }
    RealMatrix a = new Array2DRowRealMatrix(D, D);
    RealVector rhs = new ArrayRealVector(D);
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < D; j++) {
        double xj = data.x()[i * D + j] - meanX[j];
        rhs.addToEntry(j, xj * (data.labels()[i] - meanY) / N);
        for (int k = 0; k < D; k++) {
          a.addToEntry(j, k, xj * (data.x()[i * D + k] - meanX[k]) / N);
        }
      }
    }
    for (int j = 0; j < D; j++) {
      a.addToEntry(j, j, l2);
    }
    RealVector w = new CholeskyDecomposition(a).getSolver().solve(rhs);
    double[] optimum = new double[D + 1];
    double b = meanY;
    for (int j = 0; j < D; j++) {
      optimum[j] = w.getEntry(j);
      b -= meanX[j] * w.getEntry(j);
    }
    optimum[D] = b;
    double fStar = objective(data, Loss.SQUARED, l2, optimum);

    TrainOptions options = TrainOptions.builder()
        .loss(Loss.SQUARED).l2(l2).batchSize(32).epochs(40).seed(5).kernels(Kernels.preferred())
        .schedule(LearningRateSchedule.stepDecay(0.1, 0.5, 4)).momentum(0.5).build();
    TrainingResult result = new SgdTrainer(data, options).train();
    double f = objective(data, Loss.SQUARED, l2, params(result.model()));
    assertTrue(f >= fStar - 1e-9, "SGD beat the ridge optimum: " + f + " < " + fStar);
    assertEquals(fStar, f, 1e-3 * fStar, "objective after SGD vs ridge optimum " + fStar);
    checkParameters(data, l2, optimum, params(result.model()), f - fStar, 1.0);
  }

  /** (w, b) of a model as doubles, bias last. */
  private static double[] params(Model m) {
    float[] w = m.weights();
    double[] p = new double[w.length + 1];
    for (int j = 0; j < w.length; j++) {
      p[j] = w[j];
    }
    p[w.length] = m.bias();
    return p;
  }

  /** F(w, b) in double: mean loss plus (λ/2)‖w‖². */
  static double objective(Dataset data, Loss loss, double l2, double[] p) {
    int d = data.features();
    double sum = 0;
    for (int i = 0; i < data.rows(); i++) {
      double z = p[d];
      for (int j = 0; j < d; j++) {
        z += p[j] * data.x()[i * d + j];
      }
      double y = data.labels()[i];
      if (loss == Loss.LOGISTIC) {
        sum += y * softplus(-z) + (1 - y) * softplus(z);
      } else {
        sum += 0.5 * (z - y) * (z - y);
      }
    }
    double norm = 0;
    for (int j = 0; j < d; j++) {
      norm += p[j] * p[j];
    }
    return sum / data.rows() + 0.5 * l2 * norm;
  }

  private static double softplus(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  /** Newton's method (IRLS) on the L2-regularized logistic objective, with commons-math3 Cholesky. */
  private static double[] newtonLogistic(Dataset data, double l2) {
    int d = data.features();
    int n = data.rows();
    RealVector theta = new ArrayRealVector(d + 1);
    for (int iter = 0; iter < 100; iter++) {
      RealMatrix h = hessian(data, l2, theta.toArray());
      RealVector grad = new ArrayRealVector(gradient(data, l2, theta.toArray()));
      RealVector step = new CholeskyDecomposition(h).getSolver().solve(grad);
      theta = theta.subtract(step);
      if (step.getNorm() < 1e-13) {
        break;
      }
    }
    assertTrue(n > 0);
    return theta.toArray();
  }

  private static double[] gradient(Dataset data, double l2, double[] p) {
    int d = data.features();
    double[] g = new double[d + 1];
    for (int i = 0; i < data.rows(); i++) {
      double z = p[d];
      for (int j = 0; j < d; j++) {
        z += p[j] * data.x()[i * d + j];
      }
      double r = 1 / (1 + Math.exp(-z)) - data.labels()[i];
      for (int j = 0; j < d; j++) {
        g[j] += r * data.x()[i * d + j] / data.rows();
      }
      g[d] += r / data.rows();
    }
    for (int j = 0; j < d; j++) {
      g[j] += l2 * p[j];
    }
    return g;
  }

  private static double gradientNorm(Dataset data, double l2, double[] p) {
    return new ArrayRealVector(gradient(data, l2, p)).getNorm();
  }

  /** The Hessian of the logistic F (symmetric by construction). */
  private static RealMatrix hessian(Dataset data, double l2, double[] p) {
    int d = data.features();
    RealMatrix h = new Array2DRowRealMatrix(d + 1, d + 1);
    double[] xa = new double[d + 1];
    for (int i = 0; i < data.rows(); i++) {
      double z = p[d];
      for (int j = 0; j < d; j++) {
        xa[j] = data.x()[i * d + j];
        z += p[j] * xa[j];
      }
      xa[d] = 1;
      double s = 1 / (1 + Math.exp(-z));
      double weight = s * (1 - s) / data.rows();
      for (int j = 0; j <= d; j++) {
        for (int k = j; k <= d; k++) {
          double v = weight * xa[j] * xa[k];
          h.addToEntry(j, k, v);
          if (k != j) {
            h.addToEntry(k, j, v);
          }
        }
      }
    }
    for (int j = 0; j < d; j++) {
      h.addToEntry(j, j, l2);
    }
    return h;
  }

  private static RealMatrix squaredHessian(Dataset data, double l2) {
    int d = data.features();
    RealMatrix h = new Array2DRowRealMatrix(d + 1, d + 1);
    double[] xa = new double[d + 1];
    for (int i = 0; i < data.rows(); i++) {
      for (int j = 0; j < d; j++) {
        xa[j] = data.x()[i * d + j];
      }
      xa[d] = 1;
      for (int j = 0; j <= d; j++) {
        for (int k = 0; k <= d; k++) {
          h.addToEntry(j, k, xa[j] * xa[k] / data.rows());
        }
      }
    }
    for (int j = 0; j < d; j++) {
      h.addToEntry(j, j, l2);
    }
    return h;
  }

  /** ‖θ − θ*‖ ≤ margin·√(2·gap / λmin(H)), H the Hessian at the optimum. */
  private static void checkParameters(Dataset data, double l2, double[] optimum, double[] p, double gap,
      double margin) {
    boolean logistic = data.firstLabelOutsideUnitInterval() < 0 && isBinary(data);
    RealMatrix h = logistic ? hessian(data, l2, optimum) : squaredHessian(data, l2);
    double[] eig = new EigenDecomposition(h).getRealEigenvalues();
    double min = Double.POSITIVE_INFINITY;
    for (double e : eig) {
      min = Math.min(min, e);
    }
    double bound = margin * Math.sqrt(2 * Math.max(gap, 1e-12) / min) + 1e-5;
    double dist = new ArrayRealVector(p).subtract(new ArrayRealVector(optimum)).getNorm();
    assertTrue(dist <= bound, "parameters " + dist + " from the optimum, bound " + bound);
  }

  private static boolean isBinary(Dataset data) {
    for (float y : data.labels()) {
      if (y != 0f && y != 1f) {
        return false;
      }
    }
    return true;
  }
}
