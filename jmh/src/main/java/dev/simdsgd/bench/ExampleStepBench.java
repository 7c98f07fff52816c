package dev.simdsgd.bench;

import dev.simdsgd.kernel.Kernels;
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
 * {@link Kernels#momentumUpdate} ({@code form=two-calls}). The weights carry over from step to
 * step, so each step waits for the last one as in training: this is the latency of the chain
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

  /** fused or two-calls. */
  @Param({"fused", "two-calls"})
  public String form;

  /** scalar, 128, 256, 512 or preferred (see {@link Widths}). */
  @Param({"scalar", "128", "256", "512", "preferred"})
  public String width;

  private Kernels kernels;
  private boolean fused;
  private float[] x;
  private float[] labels;
  private float[] w;
  private float[] v;
  private float[] g;
  private float bias;
  private int next;

  /** Builds the rows, labels and weights once per trial. */
  @Setup
  public void setup() {
    kernels = Widths.kernels(width);
    fused = switch (form) {
      case "fused" -> true;
      case "two-calls" -> false;
      default -> throw new IllegalArgumentException("form must be fused or two-calls, was " + form);
    };
    x = Data.features(ROWS * d, 21);
    w = Data.weights(d, 22);
    labels = Data.logisticLabels(x, d, w, 0.1f, 23);
    v = new float[d];
    g = new float[d];
  }

  /** One step on the next row; returns the new bias. */
  @Benchmark
  public float step() {
    int row = next;
    next = (row + 1) & (ROWS - 1);
    float r;
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
