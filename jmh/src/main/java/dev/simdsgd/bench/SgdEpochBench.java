package dev.simdsgd.bench;

import static dev.simdsgd.bench.SyntheticProblem.D;
import static dev.simdsgd.bench.SyntheticProblem.L2;
import static dev.simdsgd.bench.SyntheticProblem.LEARNING_RATE;
import static dev.simdsgd.bench.SyntheticProblem.MOMENTUM;
import static dev.simdsgd.bench.SyntheticProblem.N;

import dev.simdsgd.kernel.Kernels;
import java.util.Arrays;
import java.util.SplittableRandom;
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
 * Time of one full SGD epoch over the {@link SyntheticProblem} (N = 200 000, d = 128) with
 * mini-batches of {@code batchSize}: reshuffle the row order with a seeded RNG, then one
 * gradient + momentum/L2 update + bias update per batch (the last batch may be smaller). Each
 * epoch starts from zero weights. Examples per second = N / (seconds per op); the report derives it.
 *
 * <p>The epoch loop is composed from the kernel API here; it is kept in its own class so that it
 * can switch to the trainer API ({@code dev.simdsgd.train}) once that exists.
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

  private Kernels kernels;
  private SyntheticProblem problem;
  private int[] order;
  private SplittableRandom random;
  private float[] w;
  private float[] v;
  private float[] g;

  /** Builds the problem and the seeded shuffling RNG once per trial. */
  @Setup
  public void setup() {
    kernels = Widths.kernels(width);
    problem = new SyntheticProblem();
    order = Data.permutation(N, 0);
    random = new SplittableRandom(45);
    w = new float[D];
    v = new float[D];
    g = new float[D];
  }

  /** One epoch from zero weights; returns the final bias so the work cannot be optimized away. */
  @Benchmark
  public float epoch() {
    Arrays.fill(w, 0f);
    Arrays.fill(v, 0f);
    float bias = 0f;
    float biasVelocity = 0f;
    Data.shuffle(order, random);
    for (int from = 0; from < N; from += batchSize) {
      int m = Math.min(batchSize, N - from);
      float biasGradient =
          kernels.logisticBatchGradient(problem.x, D, order, from, m, problem.labels, w, bias, g);
      kernels.momentumUpdate(LEARNING_RATE, MOMENTUM, L2, g, v, w, D);
      biasVelocity = MOMENTUM * biasVelocity + biasGradient;
      bias -= LEARNING_RATE * biasVelocity;
    }
    return bias;
  }
}
