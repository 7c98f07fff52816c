package dev.simdsgd.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simdsgd.data.Dataset;
import dev.simdsgd.data.Synthetic;
import dev.simdsgd.kernel.Kernels;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The trainer's contract: the exact step, data order, validation, divergence, history, no allocation. */
class TrainerBehaviourTest {

  private static Dataset small() {
    return Synthetic.logistic(103, 4, 1).data();
  }

  @Test
  void stepIsExactlyTheIssueFormulaWithMomentumAndL2() {
    // Two steps by hand in double vs the trainer (scalar kernels), β = 0.9, λ = 0.5, with intercept.
    Dataset data = new Dataset(new float[] {1f, 2f, -1f, 0.5f, 3f, 1f}, new float[] {1f, 0f, 2f}, 2);
    float[] w0 = {0.1f, -0.2f};
    SgdTrainer t = new SgdTrainer(data, TrainOptions.builder().loss(Loss.SQUARED).momentum(0.9).l2(0.5)
        .kernels(Kernels.scalar()).initialWeights(w0, 0.3f).build());
    double[] w = {0.1, -0.2};
    double b = 0.3;
    double[] v = new double[2];
    double vb = 0;
    int[][] batches = {{0, 2}, {1}};
    double[] rates = {0.1, 0.05};
    for (int s = 0; s < 2; s++) {
      double[] g = new double[2];
      double gb = 0;
      for (int i : batches[s]) {
        double r = w[0] * data.x()[2 * i] + w[1] * data.x()[2 * i + 1] + b - data.labels()[i];
        g[0] += r * data.x()[2 * i] / batches[s].length;
        g[1] += r * data.x()[2 * i + 1] / batches[s].length;
        gb += r / batches[s].length;
      }
      for (int j = 0; j < 2; j++) {
        v[j] = 0.9 * v[j] + g[j] + 0.5 * w[j];
        w[j] -= rates[s] * v[j];
      }
      vb = 0.9 * vb + gb;
      b -= rates[s] * vb;
      t.step((float) rates[s], batches[s]);
    }
    assertEquals(w[0], t.weights()[0], 1e-6);
    assertEquals(w[1], t.weights()[1], 1e-6);
    assertEquals(b, t.bias(), 1e-6);
  }

  @Test
  void aSingleRowStepIsTheGradientAndUpdateStepUpToTheSignOfZeros() {
    // step() on one row takes the fused kernel; stepWithLoss() still takes the gradient call and
    // the momentum update. Both loss kinds, every width, momentum and L2 on, 300 steps each.
    Dataset logistic = Synthetic.logistic(97, 37, 5).data();
    Dataset squared = Synthetic.linear(97, 37, 0.1, 6).data();
    for (Loss loss : Loss.values()) {
      Dataset data = loss == Loss.LOGISTIC ? logistic : squared;
      for (Kernels kernels : Kernels.available()) {
        TrainOptions options = TrainOptions.builder().loss(loss).kernels(kernels).momentum(0.9).l2(0.01).build();
        SgdTrainer fused = new SgdTrainer(data, options);
        SgdTrainer twoCalls = new SgdTrainer(data, options);
        int[] rows = new int[data.rows()];
        for (int i = 0; i < rows.length; i++) {
          rows[i] = (i * 31) % rows.length;
        }
        for (int t = 0; t < 300; t++) {
          fused.step(rows, t % rows.length, 1, 0.01f);
          twoCalls.stepWithLoss(rows, t % rows.length, 1, 0.01f);
        }
        float[] a = fused.weights();
        float[] b = twoCalls.weights();
        for (int j = 0; j < a.length; j++) {
          assertTrue(a[j] == b[j], loss + " " + kernels.name() + " w[" + j + "]: " + a[j] + " vs " + b[j]);
        }
        assertTrue(fused.bias() == twoCalls.bias(), loss + " " + kernels.name() + " bias");
      }
    }
  }

  /** train() pipelines its batch-1 steps (sgdUpdateThenDot); step() on one row makes the fused step call. */
  @ParameterizedTest
  @EnumSource(Loss.class)
  void singleRowStepsByHandAreTrainingAtBatchSizeOne(Loss loss) {
    Dataset data = small();
    TrainOptions options = TrainOptions.builder().loss(loss).batchSize(1).epochs(2).shuffle(false)
        .learningRate(0.05).momentum(0.5).l2(1e-3).build();
    SgdTrainer trained = new SgdTrainer(data, options);
    trained.train();
    SgdTrainer manual = new SgdTrainer(data, options);
    int[] all = new int[data.rows()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    for (int e = 0; e < 2; e++) {
      for (int from = 0; from < all.length; from++) {
        manual.step(all, from, 1, 0.05f);
      }
    }
    assertArrayEquals(trained.weights(), manual.weights(), "bit-identical, zeros' signs included");
    assertEquals(trained.bias(), manual.bias());
  }

  @Test
  void aBadSingleRowFailsBeforeAnythingChanges() {
    SgdTrainer trainer = new SgdTrainer(small(), TrainOptions.builder()
        .initialWeights(new float[] {1, 2, 3, 4}, 0.5f).build());
    assertThrows(IndexOutOfBoundsException.class, () -> trainer.step(0.1f, 103));
    assertThrows(IndexOutOfBoundsException.class, () -> trainer.step(0.1f, -1));
    assertThrows(IndexOutOfBoundsException.class, () -> trainer.step(new int[] {0}, 1, 1, 0.1f));
    assertThrows(NullPointerException.class, () -> trainer.step(null, 0, 1, 0.1f));
    assertMessage("learningRate", () -> trainer.step(Float.NaN, 0));
    assertArrayEquals(new float[] {1, 2, 3, 4}, trainer.weights(), "nothing changed");
    assertEquals(0.5f, trainer.bias());
  }

  @Test
  void noShuffleTakesConsecutiveBatchesInFileOrderWithAPartialLastBatch() {
    Dataset data = small(); // 103 rows: batches of 25, 25, 25, 25, 3
    TrainOptions options = TrainOptions.builder().batchSize(25).epochs(2).shuffle(false).learningRate(0.2)
        .kernels(Kernels.scalar()).build();
    float[] trained = new SgdTrainer(data, options).train().model().weights();
    SgdTrainer manual = new SgdTrainer(data, options);
    int[] all = new int[103];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    for (int e = 0; e < 2; e++) {
      for (int from = 0; from < 103; from += 25) {
        manual.step(all, from, Math.min(25, 103 - from), 0.2f);
      }
    }
    assertArrayEquals(manual.weights(), trained, "bit-identical to stepping by hand in file order");
  }

  @Test
  void shuffleIsSeededAndChangesTheOrder() {
    Dataset data = small();
    TrainOptions.Builder b = TrainOptions.builder().batchSize(10).epochs(2).kernels(Kernels.scalar());
    float[] a1 = new SgdTrainer(data, b.seed(5).build()).train().model().weights();
    float[] a2 = new SgdTrainer(data, b.seed(5).build()).train().model().weights();
    float[] other = new SgdTrainer(data, b.seed(6).build()).train().model().weights();
    float[] fileOrder = new SgdTrainer(data, b.seed(5).shuffle(false).build()).train().model().weights();
    assertArrayEquals(a1, a2, "same seed, same run");
    assertFalse(Arrays.equals(a1, other), "another seed gives another order");
    assertFalse(Arrays.equals(a1, fileOrder), "shuffled differs from file order");
  }

  @Test
  void batchLargerThanNTrainsFullBatchAndWarns() {
    Dataset data = small();
    List<String> warnings = new ArrayList<>();
    TrainingListener listener = new TrainingListener() {
      @Override
      public void onWarning(String message) {
        warnings.add(message);
      }
    };
    TrainOptions big = TrainOptions.builder().batchSize(1000).epochs(3).kernels(Kernels.scalar())
        .listener(listener).build();
    SgdTrainer trainer = new SgdTrainer(data, big);
    assertEquals(103, trainer.batchSize());
    assertEquals(1, trainer.stepsPerEpoch());
    float[] w = trainer.train().model().weights();
    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).contains("full-batch"), warnings.get(0));
    float[] full = new SgdTrainer(data, big.toBuilder().batchSize(103).listener(new TrainingListener() {}).build())
        .train().model().weights();
    assertArrayEquals(full, w);
  }

  @Test
  void badArgumentsAreRejectedNamingTheArgumentBeforeAnyWeightChanges() {
    assertMessage("batchSize", () -> TrainOptions.builder().batchSize(0));
    assertMessage("learningRate", () -> TrainOptions.builder().learningRate(0));
    assertMessage("learningRate", () -> TrainOptions.builder().learningRate(Double.NaN));
    assertMessage("epochs", () -> TrainOptions.builder().epochs(-1));
    assertMessage("momentum", () -> TrainOptions.builder().momentum(1.0));
    assertMessage("l2", () -> TrainOptions.builder().l2(-0.1));
    assertMessage("decay factor", () -> LearningRateSchedule.stepDecay(0.1, 0, 1));
    assertMessage("tau", () -> LearningRateSchedule.inverseTime(0.1, 0));
    assertMessage("row 1, column 2", () -> new Dataset(new float[] {0, 0, 0, 0, 0, Float.NaN}, new float[] {0, 1}, 3));
    assertMessage("row 0, column 1", () -> new Dataset(new float[] {0, Float.POSITIVE_INFINITY}, new float[] {0}, 2));
    Dataset badLabels = new Dataset(new float[] {1, 2, 3}, new float[] {0, 1, 2}, 1);
    assertMessage("row 2", () -> new SgdTrainer(badLabels, TrainOptions.builder().build()));
    assertMessage("initialWeights", () -> new SgdTrainer(small(), TrainOptions.builder()
        .initialWeights(new float[3], 0).build()));

    SgdTrainer trainer = new SgdTrainer(small(), TrainOptions.builder().kernels(Kernels.scalar())
        .initialWeights(new float[] {1, 2, 3, 4}, 0.5f).build());
    assertMessage("learningRate", () -> trainer.step(0f, 1, 2));
    assertMessage("learningRate", () -> trainer.step(-1f, 1, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> trainer.step(0.1f, 1, 500));
    assertArrayEquals(new float[] {1, 2, 3, 4}, trainer.weights(), "nothing changed");
    assertEquals(0.5f, trainer.bias());
  }

  private static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should name " + fragment);
  }

  @Test
  void divergenceNamesEpochAndStepAndKeepsTheLastFiniteWeights() {
    // Squared loss with a far too large rate blows up geometrically, within the second epoch.
    Dataset data = Synthetic.linear(200, 5, 0.1, 3).data();
    List<EpochStats> seen = new ArrayList<>();
    TrainingListener listener = new TrainingListener() {
      @Override
      public void onEpoch(EpochStats stats) {
        seen.add(stats);
      }
    };
    // First find where it diverges, with a checkpoint at each epoch end.
    TrainOptions options = TrainOptions.builder().loss(Loss.SQUARED).batchSize(50).epochs(50).learningRate(2.3)
        .kernels(Kernels.scalar()).shuffle(false).listener(listener).build();
    DivergenceException e = assertThrows(DivergenceException.class, () -> new SgdTrainer(data, options).train());
    assertTrue(e.epoch() >= 2, "diverged in epoch " + e.epoch());
    assertTrue(e.getMessage().contains("epoch " + e.epoch()) && e.getMessage().contains("step " + e.stepInEpoch()),
        e.getMessage());
    assertEquals(e.epoch() - 1, e.lastFiniteEpoch());
    assertEquals(e.lastFiniteEpoch(), seen.size());
    // Re-running exactly lastFiniteEpoch epochs gives the weights the exception carries.
    float[] expected = new SgdTrainer(data, options.toBuilder().epochs(e.lastFiniteEpoch())
        .listener(new TrainingListener() {}).build()).train().model().weights();
    assertArrayEquals(expected, e.lastFiniteModel().weights());
    for (float w : e.lastFiniteModel().weights()) {
      assertTrue(Float.isFinite(w));
    }
  }

  @Test
  void nonFiniteWeightsAreCaughtAtTheEpochEndWithTheInitialWeightsKept() {
    // One huge feature: the first step's residual σ(0.5e30) − 0 = 1 is finite, but w = 0.5 − 1e10·1e30
    // overflows to −∞.
    Dataset data = new Dataset(new float[] {1e30f}, new float[] {0f}, 1);
    TrainOptions options = TrainOptions.builder().fitIntercept(false).learningRate(1e10).epochs(3)
        .kernels(Kernels.scalar()).initialWeights(new float[] {0.5f}, 0f).build();
    DivergenceException e = assertThrows(DivergenceException.class, () -> new SgdTrainer(data, options).train());
    assertEquals(1, e.epoch());
    assertEquals(0, e.stepInEpoch());
    assertEquals(0, e.step());
    assertEquals(0, e.lastFiniteEpoch());
    assertTrue(e.getMessage().contains("epoch-end"), e.getMessage());
    assertArrayEquals(new float[] {0.5f}, e.lastFiniteModel().weights(), "the initial weights are kept");
  }

  @Test
  void historyHasOneEntryPerEpochWithObjectiveAndOptionalStepLosses() {
    Dataset data = small();
    double l2 = 0.2;
    TrainingResult r = new SgdTrainer(data, TrainOptions.builder().epochs(4).batchSize(10).l2(l2)
        .recordStepLoss(true).kernels(Kernels.scalar()).build()).train();
    assertEquals(4, r.history().epochs().size());
    EpochStats last = r.history().last();
    float[] w = r.model().weights();
    double norm = 0;
    for (float x : w) {
      norm += (double) x * x;
    }
    Model.Evaluation ev = r.model().evaluate(data);
    assertEquals(ev.loss(), last.loss(), 1e-6);
    assertEquals(ev.accuracy(), last.accuracy(), 1e-12);
    assertEquals(last.loss() + 0.5 * l2 * norm, last.objective(), 1e-9);
    assertTrue(last.examplesPerSecond() > 0 && last.seconds() > 0);
    assertEquals(4 * 11, r.history().stepLosses().length);
    double[] secs = r.history().stepSeconds();
    for (int i = 1; i < secs.length; i++) {
      assertTrue(secs[i] >= secs[i - 1]);
    }
    // Step 0's batch loss is at zero weights: log 2 for every example.
    assertEquals(Math.log(2), r.history().stepLosses()[0], 1e-6);

    TrainingResult off = new SgdTrainer(data, TrainOptions.builder().epochs(2).evaluateEachEpoch(false)
        .kernels(Kernels.scalar()).build()).train();
    assertTrue(Double.isNaN(off.history().last().loss()));
    assertEquals(0, off.history().stepLosses().length);
  }

  @Test
  void schedulesFollowTheirFormulas() {
    long total = 1000;
    long perEpoch = 100;
    assertEquals(0.1, LearningRateSchedule.constant(0.1).rate(500, total, perEpoch), 0);
    LearningRateSchedule step = LearningRateSchedule.stepDecay(0.1, 0.5, 2);
    assertEquals(0.1, step.rate(199, total, perEpoch), 1e-15);
    assertEquals(0.05, step.rate(200, total, perEpoch), 1e-15);
    assertEquals(0.025, step.rate(450, total, perEpoch), 1e-15);
    LearningRateSchedule cos = LearningRateSchedule.cosine(0.1, 0.01);
    assertEquals(0.1, cos.rate(0, total, perEpoch), 1e-15);
    assertEquals(0.055, cos.rate(500, total, perEpoch), 1e-12);
    assertEquals(0.01 + 0.045 * (1 + Math.cos(Math.PI * 0.999)), cos.rate(999, total, perEpoch), 1e-15);
    LearningRateSchedule inv = LearningRateSchedule.inverseTime(0.1, 50);
    assertEquals(0.1, inv.rate(0, total, perEpoch), 0);
    assertEquals(0.05, inv.rate(50, total, perEpoch), 1e-15);
    LearningRateSchedule warm = LearningRateSchedule.withWarmup(100, cos);
    assertEquals(0.001, warm.rate(0, total, perEpoch), 1e-15);
    assertEquals(0.05, warm.rate(49, total, perEpoch), 1e-15);
    assertEquals(0.1, warm.rate(100, total, perEpoch), 1e-15); // cosine restarts its clock after warmup
    assertEquals(0.055, warm.rate(550, total, perEpoch), 1e-12); // half-way through the 900 remaining steps
    assertNotEquals(cos.rate(550, total, perEpoch), warm.rate(550, total, perEpoch));
  }

  /**
   * The trainer's own per-step work (schedule, residual check, bias update, bookkeeping) allocates
   * nothing. Measured with the scalar kernels, which allocate nothing themselves, so that any byte
   * counted is the trainer's. (The vector kernels' own allocation is a kernel property; see the
   * JMH suite's -prof gc.)
   */
  @Test
  void stepsAndTrainingLoopAllocateNothingPerStep() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    Dataset data = Synthetic.logistic(6400, 24, 2).data();
    SgdTrainer trainer = new SgdTrainer(data, TrainOptions.builder().kernels(Kernels.scalar()).momentum(0.9)
        .l2(0.01).build());
    int[] rows = new int[512];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = (i * 37) % 512;
    }
    for (int i = 0; i < 1000; i++) { // first calls load and link classes, which allocates
      trainer.step(rows, (i * 16) % 512, 16, 0.01f);
      trainer.stepWithLoss(rows, (i * 16) % 512, 16, 0.01f);
    }
    // The fewest bytes over 5 rounds, as a JIT event (OSR, deoptimization) may allocate once.
    long allocated = Long.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long before = threads.getThreadAllocatedBytes(id);
      for (int i = 0; i < 5000; i++) {
        trainer.step(rows, (i * 16) % 512, 16, 0.01f);
        trainer.stepWithLoss(rows, (i * 16) % 512, 16, 0.01f);
      }
      allocated = Math.min(allocated, threads.getThreadAllocatedBytes(id) - before);
    }
    // 10 000 steps: even 8 bytes per step would be 80 kB; allow a little for the MXBean call itself.
    assertTrue(allocated < 1024, "10 000 steps allocated " + allocated + " bytes");

    // train(): 3 epochs of 6400 single-example steps (with shuffling, schedule and whole-set pass)
    // may allocate per epoch and per run, but not per step.
    TrainOptions options = TrainOptions.builder().kernels(Kernels.scalar()).batchSize(1)
        .epochs(3).schedule(LearningRateSchedule.withWarmup(10, LearningRateSchedule.cosine(0.01, 0))).build();
    new SgdTrainer(Synthetic.logistic(100, 24, 3).data(), options).train(); // class loading
    SgdTrainer full = new SgdTrainer(data, options);
    long before = threads.getThreadAllocatedBytes(id);
    full.train();
    allocated = threads.getThreadAllocatedBytes(id) - before;
    assertTrue(allocated < 16 * 1024, "19 200 steps of train() allocated " + allocated + " bytes");
  }
}
