package dev.simdsgd.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.simdsgd.data.Dataset;
import dev.simdsgd.kernel.Kernels;
import org.junit.jupiter.api.Test;

/**
 * Worked example 1 of the seed: ŷ = w·x, no intercept, squared loss ½r², η = 0.1, samples
 * (x=1, y=2) and (x=2, y=0), sample order 1, 2, 1 gives w = 0.2, 0.12, 0.308, through the public
 * step method, on every available kernel width.
 */
class SeedWorkedExampleTest {

  @Test
  void stepMethodReproducesTheSeedNumbersOnEveryWidth() {
    Dataset data = new Dataset(new float[] {1f, 2f}, new float[] {2f, 0f}, 1);
    for (Kernels k : Kernels.available()) {
      TrainOptions options = TrainOptions.builder()
          .loss(Loss.SQUARED).fitIntercept(false).kernels(k).learningRate(0.1).build();
      SgdTrainer trainer = new SgdTrainer(data, options);
      float[] expected = {0.2f, 0.12f, 0.308f};
      int[] order = {0, 1, 0}; // samples 1, 2, 1 of the seed (1-based there)
      for (int t = 0; t < 3; t++) {
        trainer.step(0.1f, order[t]);
        assertEquals(expected[t], trainer.weights()[0], 1e-6f, k.name() + ", after step " + (t + 1));
        assertEquals(0f, trainer.bias(), 0f, "no intercept: the bias must stay 0");
      }
    }
  }

  @Test
  void theFullBatchStepOfTheSeedMovesTo019() {
    // The seed's comparison: at w = 0.12 the gradient of the mean of ½r² is (1/2)(−1.88 + 0.48) = −0.70,
    // and a full-batch step with η = 0.1 moves w to 0.19.
    Dataset data = new Dataset(new float[] {1f, 2f}, new float[] {2f, 0f}, 1);
    TrainOptions options = TrainOptions.builder()
        .loss(Loss.SQUARED).fitIntercept(false).kernels(Kernels.scalar())
        .initialWeights(new float[] {0.12f}, 0f).build();
    SgdTrainer trainer = new SgdTrainer(data, options);
    float[] g = new float[1];
    trainer.gradient(new int[] {0, 1}, 0, 2, g);
    assertEquals(-0.70f, g[0], 1e-6f);
    trainer.step(0.1f, 0, 1);
    assertEquals(0.19f, trainer.weights()[0], 1e-6f);
  }
}
