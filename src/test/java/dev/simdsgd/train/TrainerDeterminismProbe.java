package dev.simdsgd.train;

import dev.simdsgd.data.Synthetic;
import dev.simdsgd.kernel.Kernels;

/**
 * Child-JVM probe for {@link TrainerDeterminismTest}: trains a small seeded logistic problem at
 * every available width and prints, per width, the raw bits of the trained weights and bias.
 */
public final class TrainerDeterminismProbe {
  private TrainerDeterminismProbe() {}

  public static void main(String[] args) {
    for (Kernels k : Kernels.available()) {
      System.out.println(k.laneBits() + ": " + trainedBits(k));
    }
  }

  /**
   * The trained model's weights and bias as hex bits, for one width. d = 37 runs the vector loops
   * and a scalar tail at every width; batches of 12 run an 8-row block and 4 single rows.
   */
  static String trainedBits(Kernels kernels) {
    Synthetic.Problem problem = Synthetic.logistic(400, 37, 7);
    TrainOptions options = TrainOptions.builder()
        .loss(Loss.LOGISTIC)
        .batchSize(12)
        .epochs(3)
        .kernels(kernels)
        .learningRate(0.2)
        .momentum(0.9)
        .l2(1e-3)
        .seed(11)
        .build();
    Model model = new SgdTrainer(problem.data(), options).train().model();
    StringBuilder bits = new StringBuilder();
    for (float w : model.weights()) {
      bits.append(Integer.toHexString(Float.floatToIntBits(w))).append(' ');
    }
    return bits.append(Integer.toHexString(Float.floatToIntBits(model.bias()))).toString();
  }
}
