package dev.simdsgd.bench;

import static dev.simdsgd.bench.SyntheticProblem.D;
import static dev.simdsgd.bench.SyntheticProblem.L2;
import static dev.simdsgd.bench.SyntheticProblem.LEARNING_RATE;
import static dev.simdsgd.bench.SyntheticProblem.MOMENTUM;

import dev.simdsgd.data.Dataset;
import dev.simdsgd.train.Loss;
import dev.simdsgd.train.SgdTrainer;
import dev.simdsgd.train.TrainOptions;


import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time of one full SGD epoch of the trainer ({@link SgdTrainer#train()} with one epoch) over the
 * {@link SyntheticProblem} (N = 200 000, d = 128, about 100 MB, larger than L3) with mini-batches
 * of {@code batchSize}: the trainer reshuffles the row order with its seeded RNG, then runs one
 * gradient + momentum/L2 update + bias update per batch (the last batch may be smaller). Each
 * invocation builds a fresh trainer, so every epoch starts from zero weights; the whole-set loss
 * pass is off, so only training is timed. Examples per second = N / (seconds per op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1000, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 1000, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class SgdEpochBench {
  /** Mini-batch size m. */
  @Param({"1", "8", "32", "128", "512"})
  public int batchSize;

  /** scalar, 128, 256, 512 or preferred (see {@link Widths}). */
  @Param({"scalar", "128", "256", "512", "preferred"})
  public String width;

  private Dataset data;
  private TrainOptions options;

  /** Builds the problem and the one-epoch training options once per trial. */
  @Setup
  public void setup() {
    SyntheticProblem problem = new SyntheticProblem();
    data = new Dataset(problem.x, problem.labels, D);
    options = TrainOptions.builder()
        .loss(Loss.LOGISTIC)
        .batchSize(batchSize)
        .epochs(1)
        .kernels(Widths.kernels(width))
        .learningRate(LEARNING_RATE)
        .momentum(MOMENTUM)
        .l2(L2)
        .seed(45)
        .evaluateEachEpoch(false)
        .build();
  }

  /** One epoch from zero weights; returns the final bias so the work cannot be optimized away. */
  @Benchmark
  public float epoch() {
    return new SgdTrainer(data, options).train().model().bias();
  }
}
