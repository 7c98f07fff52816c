package dev.simdsgd.bench;

import dev.simdsgd.kernel.Kernels;
import dev.simdsgd.kernel.Logistic;
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
 * Time of one whole SGD step on one example in dimension {@code d} (momentum 0.9, L2 1e-4, as the
 * epoch benchmark): either the fused {@link Kernels#logisticSgdStep} ({@code form=fused}), or the
 * two calls it replaces, {@link Kernels#logisticGradient} into a zeroed g then
 * {@link Kernels#momentumUpdate} ({@code form=two-calls}), or the steps pipelined as
 * {@code SgdTrainer.train()} runs batch size 1 ({@code form=pipelined}): the residual from the
 * z the previous step left, then {@link Kernels#sgdUpdateThenDot}, whose update also computes the
 * next row's dot. All three give the same weights. The weights carry over from step to step, so
 * each step waits for the last one as in training: this is the latency of the chain
 * w → dot → σ → update. The 8 rows it cycles through stay in L1/L2, so no memory traffic.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class ExampleStepBench {
  private static final int ROWS = 8;
  private static final float LEARNING_RATE = 1e-3f;
  private static final float MOMENTUM = 0.9f;
  private static final float L2 = 1e-4f;

  /** Feature dimension. */
  @Param({"64", "128", "256", "1024"})
  public int d;

  /** fused, two-calls or pipelined. */
  @Param({"fused", "two-calls", "pipelined"})
  public String form;

  /** scalar, 128, 256, 512 or preferred (see {@link Widths}). */
  @Param({"scalar", "128", "256", "512", "preferred"})
  public String width;

  private Kernels kernels;
  private boolean fused;
  private boolean pipelined;
  private float[] x;
  private float[] labels;
  private float[] w;
  private float[] v;
  private float[] g;
  private float bias;
  private int next;
  /** The pipelined form's w·x + bias of the row about to be stepped on. */
  private float z;

  /** Builds the rows, labels and weights once per trial. */
  @Setup
  public void setup() {
    kernels = Widths.kernels(width);
    fused = form.equals("fused");
    pipelined = form.equals("pipelined");
    if (!fused && !pipelined && !form.equals("two-calls")) {
      throw new IllegalArgumentException("form must be fused, two-calls or pipelined, was " + form);
    }
    x = Data.features(ROWS * d, 21);
    w = Data.weights(d, 22);
    labels = Data.logisticLabels(x, d, w, 0.1f, 23);
    v = new float[d];
    g = new float[d];
    z = kernels.dot(x, 0, w, 0, d) + bias;
  }

  /** One step on the next row; returns the new bias. */
  @Benchmark
  public float step() {
    int row = next;
    next = (row + 1) & (ROWS - 1);
    float r;
    if (pipelined) {
      r = Logistic.residual(z, labels[row]);
      float nextDot = kernels.sgdUpdateThenDot(r, x, row * d, d, w, v, LEARNING_RATE, MOMENTUM, L2, x, next * d);
      bias -= LEARNING_RATE * r;
      z = nextDot + bias;
      return bias;
    }
    if (fused) {
      r = kernels.logisticSgdStep(x, row * d, d, labels[row], w, bias, v, LEARNING_RATE, MOMENTUM, L2);
    } else {
      java.util.Arrays.fill(g, 0f);
      r = kernels.logisticGradient(x, row * d, d, labels[row], w, bias, g);
      kernels.momentumUpdate(LEARNING_RATE, MOMENTUM, L2, g, v, w, d);
    }
    bias -= LEARNING_RATE * r;
    return bias;
  }
}
