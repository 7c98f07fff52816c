package dev.simdsgd.bench;

import static dev.simdsgd.bench.SyntheticProblem.D;
import static dev.simdsgd.bench.SyntheticProblem.L2;
import static dev.simdsgd.bench.SyntheticProblem.LEARNING_RATE;
import static dev.simdsgd.bench.SyntheticProblem.MOMENTUM;
import static dev.simdsgd.bench.SyntheticProblem.N;

import dev.simdsgd.kernel.Kernels;
import dev.simdsgd.machine.PreWarm;
import java.util.Arrays;
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
 * Time of one full mini-batch SGD step on the {@link SyntheticProblem} (N = 200 000, d = 128):
 * the mean logistic gradient of {@code batchSize} shuffled rows, the momentum/L2 weight update and
 * the bias update, all through the public kernel API. Weights keep training across calls.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class SgdStepBench {
  /** Mini-batch size m. */
  @Param({"1", "4", "16", "64", "256", "1024"})
  public int batchSize;

  /** scalar, 128, 256, 512 or preferred (see {@link Widths}). */
  @Param({"scalar", "128", "256", "512", "preferred"})
  public String width;

  private Kernels kernels;
  private SyntheticProblem problem;
  private int[] order;
  private float[] w;
  private float[] v;
  private float[] g;
  private float bias;
  private float biasVelocity;
  private int cursor;

  /**
   * Builds the problem and a shuffled row order once per trial, then takes {@link PreWarm#callsFor}
   * steps so that C2 has the kernels' roots before the timed warm-up (the weights are then reset).
   */
  @Setup
  public void setup() {
    kernels = Widths.kernels(width);
    problem = new SyntheticProblem();
    order = Data.permutation(N, 44);
    w = new float[D];
    v = new float[D];
    g = new float[D];
    PreWarm.run(batchSize, this::step);
    Arrays.fill(w, 0f);
    Arrays.fill(v, 0f);
    bias = 0f;
    biasVelocity = 0f;
    cursor = 0;
  }

  /** Gradient, weight update and bias update of one mini-batch; returns the new bias. */
  @Benchmark
  public float step() {
    int from = cursor;
    if (from > N - batchSize) {
      from = 0;
    }
    cursor = from + batchSize;
    float biasGradient =
        kernels.logisticBatchGradient(problem.x, D, order, from, batchSize, problem.labels, w, bias, g);
    kernels.momentumUpdate(LEARNING_RATE, MOMENTUM, L2, g, v, w, D);
    biasVelocity = MOMENTUM * biasVelocity + biasGradient;
    bias -= LEARNING_RATE * biasVelocity;
    return bias;
  }
}
