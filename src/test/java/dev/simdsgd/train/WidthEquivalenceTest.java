package dev.simdsgd.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simdsgd.data.Dataset;
import dev.simdsgd.data.Synthetic;
import dev.simdsgd.kernel.Kernels;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every available kernel width trains to the same per-epoch loss as the scalar kernels, within
 * 1e-4 relative, over 10 epochs of a well-conditioned problem (standard normal features, the same
 * seed and so the same batches). Widths sum in different orders, so the runs differ by float
 * rounding only, which a contracting, well-conditioned SGD does not amplify. d = 37 exercises the
 * scalar tails of every width.
 */
class WidthEquivalenceTest {

  @Test
  void everyWidthGivesTheScalarPerEpochLoss() {
    List<Kernels> widths = Kernels.available();
    assertTrue(widths.size() > 1, "the tests run with jdk.incubator.vector, so vector widths must be available");
    for (Loss loss : Loss.values()) {
      Dataset data = loss == Loss.LOGISTIC
          ? Synthetic.logistic(3000, 37, 21).data()
          : Synthetic.linear(3000, 37, 0.5, 22).data();
      List<EpochStats> reference = run(data, loss, Kernels.scalar());
      for (Kernels k : widths) {
        List<EpochStats> other = run(data, loss, k);
        assertEquals(10, other.size());
        for (int e = 0; e < 10; e++) {
          double a = reference.get(e).loss();
          double b = other.get(e).loss();
          assertEquals(a, b, 1e-4 * Math.abs(a), loss + ", " + k.name() + ", epoch " + (e + 1));
          assertEquals(reference.get(e).objective(), other.get(e).objective(),
              1e-4 * Math.abs(reference.get(e).objective()), loss + ", " + k.name() + ", objective, epoch " + (e + 1));
        }
      }
    }
  }

  private static List<EpochStats> run(Dataset data, Loss loss, Kernels kernels) {
    TrainOptions options = TrainOptions.builder()
        .loss(loss).kernels(kernels).batchSize(16).epochs(10).seed(99).l2(1e-3).momentum(0.5)
        .schedule(LearningRateSchedule.withWarmup(20, LearningRateSchedule.cosine(0.05, 0.001)))
        .build();
    return new SgdTrainer(data, options).train().history().epochs();
  }
}
